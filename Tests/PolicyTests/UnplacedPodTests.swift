import Documents
import InterlockCore
import Manifests
import TestSupport
import Testing

@testable import Policy

/// Workloads given only by their templates: their pods have no address and no node yet. Address
/// peers that hold every address such a pod can get match it; narrower ones are undecidable and taken
/// as not matching; an empty `nodes` selector matches a host-network pod wherever it runs.
@Suite struct UnplacedPodTests {
    /// Deployment `x/web` (label `app: web`) and host-network DaemonSet `x/agent`, without pods.
    static let workloads =
        TemplateManifests.workload("Deployment", "web", namespace: "x", port: 80)
        + TemplateManifests.workload("DaemonSet", "agent", namespace: "x", hostNetwork: true)

    /// Nodes p1-p3 with pod CIDRs 10.244.N.0/24 (the only pod CIDRs of the cluster).
    static let podCIDRs = (1...3).map { n in
        "apiVersion: v1\nkind: Node\nmetadata: {name: p\(n)}\nspec: {podCIDR: 10.244.\(n).0/24}\n---\n"
    }.joined()

    /// Whether x/a may send TCP 80 to `destination` when its only egress rule has peer `peer`.
    func egressAllowed(
        to destination: String, peer: String, extra: String = "", ipBlockSelectsPods: Bool = true
    ) throws -> Verdict {
        try verdict(
            to: destination, XYZ.policy("only", "  podSelector: {matchLabels: {pod: a}}\n  egress: [{to: [\(peer)]}]"),
            extra: extra, ipBlockSelectsPods: ipBlockSelectsPods)
    }

    /// The verdict on x/a sending TCP 80 to `destination` under `policies`, checked against `isAllowed`.
    func verdict(to destination: String, _ policies: String, extra: String = "", ipBlockSelectsPods: Bool = true)
        throws -> Verdict
    {
        let ev = try XYZ.evaluator(policies, extra: Self.workloads + extra, ipBlockSelectsPods: ipBlockSelectsPods)
        let q = Query(
            source: try ev.inventory.endpoint(named: "x/a"), destination: try ev.inventory.endpoint(named: destination),
            proto: .tcp, port: 80)
        let v = ev.verdict(q)
        #expect(ev.isAllowed(q) == v.allowed)
        return v
    }

    /// AdminNetworkPolicy: "if you Allow or Deny traffic to 0.0.0.0/0, that will allow or deny all IPv4
    /// pod-to-pod traffic as well" — placed or not.
    @Test(arguments: ["{ipBlock: {cidr: 0.0.0.0/0}}", "{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}"])
    func wholeFamilyBlockMatchesUnplacedPods(_ peer: String) throws {
        // The except leaves the family whole only when the nodes' pod CIDRs say pods are not in it.
        let whole = !peer.contains("except")
        #expect(try egressAllowed(to: "web", peer: peer).allowed == whole)
        #expect(
            try egressAllowed(
                to: "web", peer: peer, extra: Self.podCIDRs.replacingOccurrences(of: "10.244", with: "172.16")
            ).allowed)
    }

    /// The verdict on x/a sending TCP 80 to `destination` under an admin policy over x denying egress to `peer`.
    func adminDenyVerdict(to destination: String, peer: String) throws -> Verdict {
        try verdict(
            to: destination,
            TemplateManifests.adminEgress("deny", subject: "{matchLabels: {ns: x}}", action: "Deny", peer: peer))
    }

    @Test func unionOfNetworksCoveringTheFamilyMatchesUnplacedPods() throws {
        #expect(try !adminDenyVerdict(to: "web", peer: "{networks: [0.0.0.0/1, 128.0.0.0/1]}").allowed)
        let halfOnly = try adminDenyVerdict(to: "web", peer: "{networks: [128.0.0.0/1]}")
        #expect(halfOnly.allowed)
        #expect(halfOnly.notes.contains { $0.contains("depends on the pod's IP") })
    }

    /// A narrower block is undecidable: not matching, said in the explanation, unless every node's pod
    /// CIDR is inside it.
    @Test func narrowBlockIsUndecidableUnlessItHoldsEveryPodCIDR() throws {
        let narrow = try egressAllowed(to: "web", peer: "{ipBlock: {cidr: 10.0.0.0/8}}")
        #expect(!narrow.allowed)
        #expect(
            narrow.notes.contains {
                $0.hasPrefix("whether ipBlock 10.0.0.0/8 of NetworkPolicy x/only egress rule 0 matches x/web")
                    && $0.contains("depends on the pod's IP, which the manifests do not fix")
            })
        let placed = try egressAllowed(to: "web", peer: "{ipBlock: {cidr: 10.244.0.0/16}}", extra: Self.podCIDRs)
        #expect(placed.allowed)
        #expect(placed.notes.isEmpty)
        let partly = try egressAllowed(to: "web", peer: "{ipBlock: {cidr: 10.244.1.0/24}}", extra: Self.podCIDRs)
        #expect(!partly.allowed)
        #expect(partly.notes.count == 1)
        // A block holding no pod CIDR decides: no note.
        let outside = try egressAllowed(to: "web", peer: "{ipBlock: {cidr: 192.0.2.0/24}}", extra: Self.podCIDRs)
        #expect(!outside.allowed && outside.notes.isEmpty)
    }

    @Test func ipBlocksMatchNoPodWhenSwitchedOff() throws {
        let v = try egressAllowed(to: "web", peer: "{ipBlock: {cidr: 0.0.0.0/0}}", ipBlockSelectsPods: false)
        #expect(!v.allowed && v.notes.isEmpty)
    }

    /// Unless the cluster is IPv6-only, an unplaced pod's address is IPv4.
    @Test func unplacedPodFamily() throws {
        let v4 = try XYZ.evaluator("", extra: Self.workloads)
        #expect(v4.unplaced.pods == .wholeFamily(v6: false))
        let docs = try YAMLReader.documents(
            "apiVersion: v1\nkind: Node\nmetadata: {name: n}\nstatus: {addresses: [{type: InternalIP, address: 'fd00::1'}]}\n---\n"
                + Self.workloads, file: "v6.yaml")
        let manifests = try ManifestLoader.load(documents: docs)
        let v6 = ReferenceEvaluator(
            inventory: PolicyInput(manifests: manifests, policies: PolicySet(networkPolicies: [])).inventory,
            policies: PolicySet(networkPolicies: []))
        #expect(v6.unplaced.pods == .wholeFamily(v6: true))
        let web = try v6.inventory.endpoint(named: "web")
        #expect(
            v6.matches(
                .ipBlock(IPBlock(cidr: CIDR("::/0")!, except: [])), policyNamespace: "x", v6.facts(web, on: .pod)))
        #expect(
            !v6.matches(
                .ipBlock(IPBlock(cidr: CIDR("0.0.0.0/0")!, except: [])), policyNamespace: "x", v6.facts(web, on: .pod)))
    }

    /// "nodes ... selects the nodeIPs": a host-network pod with no node runs on one of them, so a selector
    /// matching every node matches it; one naming some nodes is undecidable and does not.
    @Test(arguments: [("{}", false), ("{matchLabels: {role: gpu}}", true)])
    func emptyNodeSelectorMatchesHostNetworkPodsWithoutNode(_ selector: String, allowed: Bool) throws {
        #expect(try adminDenyVerdict(to: "agent", peer: "{nodes: \(selector)}").allowed == allowed)
    }

    /// `spec.podCIDRs` (dual-stack: one per family) wins over `spec.podCIDR`; the unplaced pod's family picks.
    @Test func nodesPodCIDRsAreRead() throws {
        let node =
            "apiVersion: v1\nkind: Node\nmetadata: {name: p1}\nspec: {podCIDR: 10.9.0.0/24, podCIDRs: [10.244.1.0/24, 'fd00:1::/64']}\n---\n"
        let ev = try XYZ.evaluator("", extra: Self.workloads + node)
        #expect(ev.unplaced.pods == AddressSpace(ranges: [CIDR("10.244.1.0/24")!]))
        let error = #expect(throws: InputError.self) {
            try XYZ.evaluator(
                "", extra: "apiVersion: v1\nkind: Node\nmetadata: {name: p1}\nspec: {podCIDR: 10.9.0.0/33}\n")
        }
        #expect(error?.message == "invalid pod CIDR '10.9.0.0/33'")
    }

    @Test func coverageOfAddressSpaces() {
        let space = AddressSpace(ranges: [CIDR("10.244.1.0/24")!, CIDR("10.244.2.0/24")!])
        #expect(space.coverage(by: [CIDR("10.244.0.0/16")!]) == .all)
        #expect(space.coverage(by: [CIDR("10.244.1.0/24")!]) == .some)
        #expect(space.coverage(by: [CIDR("10.244.0.0/16")!], except: [CIDR("10.244.2.128/25")!]) == .some)
        #expect(space.coverage(by: [CIDR("10.244.2.0/24")!], except: [CIDR("10.244.2.0/24")!]) == .none)
        #expect(space.coverage(by: [CIDR("192.0.2.0/24")!, CIDR("::/0")!]) == .none)
        let v6 = AddressSpace.wholeFamily(v6: true)
        #expect(v6.coverage(by: [CIDR("::/1")!, CIDR("8000::/1")!]) == .all)
        #expect(v6.coverage(by: [CIDR("::/1")!, CIDR("8000::/2")!]) == .some)
    }

    /// Addresses no host is given (link-local, loopback, multicast, ...) hold no pod: a block of them
    /// never matches an unplaced pod, and an except of them takes no pod address away.
    @Test func addressesNoPodCanHaveCountForNothing() {
        let family = AddressSpace.wholeFamily(v6: false)
        #expect(family.coverage(by: [CIDR("169.254.169.254/32")!]) == .none)
        #expect(family.coverage(by: [CIDR("127.0.0.0/8")!, CIDR("224.0.0.0/4")!]) == .none)
        #expect(family.coverage(by: [CIDR("0.0.0.0/0")!], except: [CIDR("169.254.169.254/32")!]) == .all)
        #expect(family.coverage(by: [CIDR("0.0.0.0/0")!], except: [CIDR("192.0.2.0/24")!]) == .some)
        #expect(AddressSpace.wholeFamily(v6: true).coverage(by: [CIDR("::/0")!], except: [CIDR("fe80::/10")!]) == .all)
    }
}
