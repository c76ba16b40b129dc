import Fabric
import Findings
import InterlockCore
import Testing

@testable import Traffic

@Suite struct PolicyImpactTests {
    func judge(_ f: TenantFixture, _ paths: [String], _ placement: JobPlacement) throws -> PolicyJudge {
        var bundles: [PolicyBundle] = []
        for p in paths { bundles.append(try PolicyBundle.load(path: f.directory + "/" + p)) }
        let merged = PolicyBundle(
            path: paths.joined(separator: "+"), input: bundles[0].input,
            acls: bundles.flatMap(\.acls))
        return try PolicyJudge(bundle: merged, placement: placement, fabric: f.fabric)
    }

    /// The generated flows between the two tenants, and all of them.
    func crossTenant(_ f: TenantFixture, _ placement: JobPlacement, _ c: Collective) throws -> (cross: Int, all: Int) {
        let flows = try Support.flows(f.fabric, placement, CollectiveOptions(collective: c, size: 1e6, span: .all))
        return (flows.filter { $0.sourceJob != $0.destinationJob }.count, flows.count)
    }

    @Test func addressPlanIsWhatTheACLAssumes() {
        let f = TenantFixture.init
        let fixture = try! f()
        defer { fixture.remove() }
        let nic = fixture.fabric.device(named: "dgx0009-nic3")!
        #expect(fixture.fabric.addresses.address(of: nic, on: .compute)?.description == "10.6.0.9")
    }

    @Test func kubernetesIsolationOfRDMAIsUnenforceable() throws {
        let f = try TenantFixture()
        defer { f.remove() }
        let placement = try f.placement
        let judge = try judge(f, ["k8s"], placement)
        let r = try Support.run(f.fabric, placement, .permutation, size: 1e6, span: .all, judging: .one(judge))
        let (cross, all) = try crossTenant(f, placement, .permutation)
        #expect(cross > 0 && cross < all)
        let tally = r.policy[0]
        #expect(tally.total(.unenforceable).flows == cross)
        #expect(tally.total(.blocked).flows == 0)
        #expect(tally.total(.allowed).flows == all - cross)
        let impact = PolicyImpact(judge: judge, tally: tally, placement: placement, collective: .permutation)
        #expect(impact.findings.allSatisfy { $0.kind == .unenforceable })
        #expect(!impact.findings.isEmpty)
        // The denial is explained by the tenant's MultiNetworkPolicy, ingress side.
        #expect(
            impact.rules.map(\.rule)
                == ["alpha", "beta"].map {
                    "ingress: MultiNetworkPolicy \($0)/same-tenant-rdma isolates, no rule matches"
                })
    }

    @Test func kubernetesIsolationBlocksFrontEndTraffic() throws {
        let f = try TenantFixture()
        defer { f.remove() }
        let placement = try f.placement
        let judge = try judge(f, ["k8s"], placement)
        let r = try Support.run(f.fabric, placement, .background, size: 14e6, span: .all, judging: .one(judge))
        let (cross, all) = try crossTenant(f, placement, .background)
        #expect(cross == 2 * 7 * 7)
        #expect(r.policy[0].total(.blocked).flows == cross)
        #expect(r.policy[0].total(.allowed).flows == all - cross)
        #expect(r.policy[0].total(.unenforceable).flows == 0)
    }

    @Test func fabricACLBlocksExactlyTheCrossTenantFlows() throws {
        let f = try TenantFixture()
        defer { f.remove() }
        let placement = try f.placement
        let judge = try judge(f, ["k8s", "acl"], placement)
        // With PXN every flow stays on its rail, where the ACL's rules are written.
        let r = try Support.run(f.fabric, placement, .allToAll, size: 14e6, pxn: true, span: .all, judging: .one(judge))
        let flows = try Support.flows(
            f.fabric, placement, CollectiveOptions(collective: .allToAll, size: 14e6, pxn: true, span: .all))
        let cross = flows.filter { $0.sourceJob != $0.destinationJob }.count
        let all = flows.count
        #expect(cross == 2 * 7 * 7 * 8)
        #expect(r.policy[0].total(.blocked).flows == cross)
        #expect(r.policy[0].total(.unenforceable).flows == 0)
        #expect(r.policy[0].total(.allowed).flows == all - cross)
        let impact = PolicyImpact(judge: judge, tally: r.policy[0], placement: placement, collective: .allToAll)
        #expect(
            impact.findings.allSatisfy { $0.kind == .blocked && $0.ruleID!.hasPrefix("acl/tenant-isolation/rule-") })
        // Every rail's two deny rules stop the rail's cross-tenant pairs: 7·7 per direction per rail.
        #expect(impact.rules.count == 16)
        #expect(impact.rules.allSatisfy { $0.flows == 7 * 7 })
    }

    @Test func comparisonShowsWhatTheACLChanges() throws {
        let f = try TenantFixture()
        defer { f.remove() }
        let placement = try f.placement
        let before = try judge(f, ["k8s"], placement)
        let after = try judge(f, ["k8s", "acl"], placement)
        let r = try Support.run(
            f.fabric, placement, .permutation, size: 1e6, span: .all, judging: .compare(before: before, after: after))
        let (cross, _) = try crossTenant(f, placement, .permutation)
        let change = PolicyChange(
            before: before, after: after, changes: r.changes!, placement: placement, collective: .permutation)
        #expect(change.rows.allSatisfy { $0.before == .unenforceable && $0.after == .blocked })
        #expect(change.rows.reduce(0) { $0 + $1.flows } == cross)
        #expect(change.findings.count == change.rows.count)
        // And back: removing the ACL leaves the flows unenforced.
        let back = try Support.run(
            f.fabric, placement, .permutation, size: 1e6, span: .all, judging: .compare(before: after, after: before))
        let undo = PolicyChange(
            before: after, after: before, changes: back.changes!, placement: placement, collective: .permutation)
        #expect(undo.rows.allSatisfy { $0.before == .blocked && $0.after == .unenforceable })
    }

    @Test func jobsFromManifestsArePlacedByNodeName() throws {
        let f = try TenantFixture()
        defer { f.remove() }
        let bundle = try PolicyBundle.load(path: f.directory + "/k8s")
        let placement = try ManifestJobs.place(bundle.input.inventory, on: f.fabric)
        #expect(placement.jobs.map(\.name) == ["alpha/trainer", "beta/trainer"])
        #expect(placement.jobs.map(\.rankCount) == [56, 56])
        #expect(placement.jobs[1].nodes.map { f.fabric.devices[Int($0.host)].name } == (9...15).map(TenantFixture.node))
        let judge = try PolicyJudge(bundle: bundle, placement: placement, fabric: f.fabric)
        let r = try Support.run(f.fabric, placement, .allReduce, size: 1e6, judging: .one(judge))
        #expect(r.policy[0].total(.allowed).flows == r.statistics.flows)
        #expect(judge.warnings.isEmpty)
    }
}
