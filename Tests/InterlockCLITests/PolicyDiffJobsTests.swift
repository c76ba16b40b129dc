import Foundation
import Testing

/// `policy diff --jobs`: what a change does to simulated traffic, counted in closed form from the
/// jobs' sizes.
@Suite struct PolicyDiffJobsTests {
    static let oneSU = "topologies/dgx-h100-1su.yaml"

    /// Tenant `alpha` holds dgx0001-0003 with one 8-GPU pod each, `beta` dgx0004-0005 with one 4-GPU
    /// pod each; `cluster.yaml` has the pods and no policies, `isolation.yaml` (policies only) lets
    /// each namespace take ingress from itself alone.
    struct Tenants {
        let dir: URL
        var cluster: String { dir.appendingPathComponent("cluster.yaml").path }
        var isolation: String { dir.appendingPathComponent("isolation.yaml").path }
        var jobs: String { dir.appendingPathComponent("jobs.yaml").path }
        static let nodes = [("alpha", 1...3, 8), ("beta", 4...5, 4)]

        init() throws {
            dir = try CheckCommandTests.temporaryDirectory()
            var pods = ""
            var policies = ""
            var placed = "jobs:\n"
            for (tenant, nodes, gpus) in Self.nodes {
                pods += "---\napiVersion: v1\nkind: Namespace\nmetadata: {name: \(tenant)}\n"
                for n in nodes {
                    pods += """
                        ---
                        apiVersion: v1
                        kind: Pod
                        metadata: {name: worker-\(n), namespace: \(tenant), labels: {app: worker}}
                        spec:
                          nodeName: dgx000\(n)
                          containers:
                          - {name: main, image: pytorch, resources: {limits: {nvidia.com/gpu: "\(gpus)"}}}
                        status: {phase: Running, podIP: 10.244.0.\(n), podIPs: [{ip: 10.244.0.\(n)}]}

                        """
                }
                policies += """
                    ---
                    apiVersion: networking.k8s.io/v1
                    kind: NetworkPolicy
                    metadata: {name: same-tenant, namespace: \(tenant)}
                    spec: {podSelector: {}, policyTypes: [Ingress], ingress: [{from: [{podSelector: {}}]}]}

                    """
                placed +=
                    "- {name: \(tenant)-job, tenant: \(tenant), nodes: 'dgx[000\(nodes.lowerBound)-000\(nodes.upperBound)]', gpusPerNode: \(gpus)}\n"
            }
            try pods.write(toFile: cluster, atomically: true, encoding: .utf8)
            try policies.write(toFile: isolation, atomically: true, encoding: .utf8)
            try placed.write(toFile: jobs, atomically: true, encoding: .utf8)
        }

        func remove() { try? FileManager.default.removeItem(at: dir) }
    }

    func simulated(_ r: CLIRunner.Result) throws -> [String: Any] {
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(r.stderr)")
        return try #require((object["impact"] as? [String: Any])?["simulated"] as? [String: Any])
    }

    func flows(_ simulated: [String: Any], _ kind: String) -> Int? {
        (simulated[kind] as? [String: Any])?["flows"] as? Int
    }

    @Test func isolatingTwoTenantsBlocksExactlyTheirFrontEndFlows() throws {
        let t = try Tenants()
        defer { t.remove() }
        let args = [
            "policy", "diff", t.cluster, t.isolation, "--jobs", t.jobs, "--topology", Self.oneSU, "--collective",
            "background",
        ]
        let r = try CLIRunner.run(args + ["--format", "json"])
        #expect(r.status == 1, "\(r.stderr)")
        let s = try simulated(r)
        // Background: every node sends to every other node of the 5, S/4 each; 3·2 node pairs each way cross.
        #expect(s["flows"] as? Int == 5 * 4 && s["jobs"] as? Int == 2 && s["ranks"] as? Int == 3 * 8 + 2 * 4)
        #expect(flows(s, "blocked") == 2 * 3 * 2 && flows(s, "unchanged") == 5 * 4 - 2 * 3 * 2)
        #expect(flows(s, "newlyAllowed") == 0 && flows(s, "unenforceable") == 0)
        #expect((s["blocked"] as? [String: Any])?["bytes"] as? Double == Double(12 * 1_073_741_824 / 4))
        let changes = try #require(s["changes"] as? [[String: Any]])
        #expect(
            changes.map { "\($0["from"]!)>\($0["to"]!) \($0["before"]!)>\($0["after"]!) \($0["flows"]!)" }
                == ["alpha-job>beta-job allowed>blocked 6", "beta-job>alpha-job allowed>blocked 6"])
        #expect(
            changes.map { $0["rule"] as? String }
                == ["beta", "alpha"].map { "ingress: NetworkPolicy \($0)/same-tenant isolates, no rule matches" })
        #expect(changes.allSatisfy { ($0["location"] as? [String: Any])?["file"] as? String == t.isolation })
        #expect(
            Set(s.keys) == [
                "jobsFile", "jobs", "ranks", "collective", "size", "pxn", "flows", "bytes", "blocked", "newlyAllowed",
                "unenforceable", "unchanged", "changes", "warnings",
            ])

        let text = try CLIRunner.run(args)
        #expect(text.status == 1)
        #expect(
            text.stdout.contains(
                "Impact on simulated traffic (background, 1.00 GiB; 2 jobs, 32 ranks, of \(t.jobs)): 20 flows, 12 (3.00 GiB) blocked, 0 newly allowed, 0 denied but unenforceable, 8 unchanged\n"
            ), "\(text.stdout)")
        #expect(text.stdout.contains("  alpha-job  beta-job   allowed  blocked      6"), "\(text.stdout)")
    }

    @Test func kubernetesDenialOfRDMAIsUnenforceableAndExitsZero() throws {
        let t = try Tenants()
        defer { t.remove() }
        // The default all-to-all: a flow per rank pair on different nodes, N² − Σ g² of them; the cross-tenant
        // ones are denied on the pods' network, but RDMA bypasses the kernel.
        let r = try CLIRunner.run([
            "policy", "diff", t.cluster, t.isolation, "--jobs", t.jobs, "--topology", Self.oneSU,
            "--format", "json",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let s = try simulated(r)
        let ranks = 3 * 8 + 2 * 4
        #expect(
            s["collective"] as? String == "all-to-all" && s["size"] as? Double == 1_073_741_824
                && s["pxn"] as? Bool == false)
        #expect(s["flows"] as? Int == ranks * ranks - (3 * 64 + 2 * 16))
        #expect(flows(s, "unenforceable") == 2 * (3 * 8) * (2 * 4) && flows(s, "blocked") == 0)
        #expect(
            (s["unenforceable"] as? [String: Any])?["bytes"] as? Double == Double(2 * 24 * 8) * 1_073_741_824
                / Double(ranks))
    }

    @Test func liftingTheIsolationNewlyAllowsAndExitsZero() throws {
        let t = try Tenants()
        defer { t.remove() }
        let r = try CLIRunner.run([
            "policy", "diff", t.isolation, t.cluster, "--jobs", t.jobs, "--topology", Self.oneSU,
            "--collective", "background", "--format", "json",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let s = try simulated(r)
        #expect(flows(s, "newlyAllowed") == 12 && flows(s, "blocked") == 0)
        // The same state on both sides changes nothing.
        let same = try CLIRunner.run([
            "policy", "diff", t.cluster, t.cluster, "--jobs", t.jobs, "--topology", Self.oneSU,
        ])
        #expect(same.status == 0, "\(same.stderr)")
        #expect(
            same.stdout.contains("800 flows, 0 blocked, 0 newly allowed, 0 denied but unenforceable, 800 unchanged\n"),
            "\(same.stdout)")
    }

    /// The demo proposal's /28 puts dgx0016, an LLM node, on the others' side of the front-end.
    @Test func theDemoFrontEndProposalBlocksTheLLMJobsOwnFlowsToo() throws {
        let r = try CLIRunner.run([
            "policy", "diff", "policies/demo/fabric.yaml", "policies/proposals/frontend-tenant-isolation.yaml",
            "--jobs", "policies/demo/traffic/jobs.yaml", "--topology", Self.oneSU,
            "--collective", "background", "--format", "json",
        ])
        #expect(r.status == 1, "\(r.stderr)")
        let s = try simulated(r)
        // 16 + 8 + 4 nodes; 10.16.0.0/28 holds dgx0001-0015, 10.16.0.16/28 dgx0016 and the 12 others.
        let nodes = 16 + 8 + 4
        let low = 15
        let high = 1 + 8 + 4
        #expect(s["flows"] as? Int == nodes * (nodes - 1))
        #expect(flows(s, "blocked") == 2 * low * high)
        let changes = try #require(s["changes"] as? [[String: Any]])
        let own = changes.filter {
            $0["from"] as? String == "llama-pretrain" && $0["to"] as? String == "llama-pretrain"
        }
        #expect(own.map { $0["flows"] as? Int } == [low, low])
        let lines = changes.compactMap { ($0["location"] as? [String: Any])?["line"] as? Int }
        #expect(Set(lines) == [26, 27] && lines.count == 6)
        let perFlow = try #require(s["bytes"] as? Double) / Double(nodes * (nodes - 1))
        #expect((s["blocked"] as? [String: Any])?["bytes"] as? Double == Double(2 * low * high) * perFlow)
    }

    @Test func badInputExitsTwoOnOneLine() throws {
        let t = try Tenants()
        defer { t.remove() }
        let unknown = t.dir.appendingPathComponent("unknown.yaml").path
        try "jobs:\n- {name: a, tenant: alpha, nodes: 'dgx[0031-0040]'}\n".write(
            toFile: unknown, atomically: true, encoding: .utf8)
        let base = ["policy", "diff", t.cluster, t.isolation]
        var r = try CLIRunner.run(base + ["--jobs", unknown, "--topology", Self.oneSU])
        #expect(
            r.status == 2
                && r.stderr == "error: \(unknown):2:35: unknown host 'dgx0033' in hostlist 'dgx[0031-0040]'\n",
            "\(r.stderr)")
        for args in [
            ["--jobs", t.jobs], ["--collective", "background"], ["--jobs", t.jobs, "--topology", "missing.yaml"],
            ["--jobs", t.jobs, "--topology", Self.oneSU, "--collective", "multicast"],
            ["--jobs", t.jobs, "--topology", Self.oneSU, "--size", "lots"],
            ["--jobs", t.jobs, "--topology", Self.oneSU, "--format", "csv"],
        ] {
            r = try CLIRunner.run(base + args)
            #expect(r.status == 2, "\(args): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(args): \(r.stderr)")
        }
    }
}
