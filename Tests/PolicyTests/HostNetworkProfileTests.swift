import InterlockCore
import Manifests
import TestSupport
import Testing

@testable import Policy

/// Host-network pods under each profile: their node's traffic by default; with netpol-analyzer's,
/// ordinary pods to NetworkPolicy and still their node to the admin tiers.
@Suite struct HostNetworkProfileTests {
    /// The XYZ cluster, a host-network DaemonSet `x/agent` given by its template (no node, no address),
    /// a policy isolating x/agent for egress, and an ANP denying x/a's egress to every node.
    static func input() throws -> PolicyInput {
        try XYZ.input(
            XYZ.policy("agent-quiet", "  podSelector: {matchLabels: {app: agent}}\n  policyTypes: [Egress]")
                + TemplateManifests.adminEgress(
                    "no-nodes", subject: "{matchLabels: {ns: x}}", action: "Deny", peer: "{nodes: {}}"),
            extra: TemplateManifests.workload("DaemonSet", "agent", namespace: "x", hostNetwork: true))
    }

    static func allowed(_ profile: EvaluationOptions.Profile, from source: String, to destination: String) throws
        -> Bool
    {
        let input = try input()
        let ev = ReferenceEvaluator(
            inventory: input.inventory, policies: input.policies, options: EvaluationOptions(profile: profile))
        func endpoint(_ name: String) throws -> PolicyEndpoint {
            try input.inventory.endpoint(named: name, on: .pod)
        }
        return ev.isAllowed(
            Query(source: try endpoint(source), destination: try endpoint(destination), proto: .tcp, port: 80))
    }

    @Test func networkPolicyPolicesHostNetworkPodsOnlyUnderTheProfile() throws {
        #expect(try Self.allowed(.interlock, from: "x/agent", to: "y/b"))
        #expect(try !Self.allowed(.netpolAnalyzer, from: "x/agent", to: "y/b"))
    }

    /// The admin tiers see the pod as its node under both profiles: the empty `nodes` selector matches the
    /// node it will run on, so the egress of x/a (the ANP's subject) to it is denied either way; y/a, not a
    /// subject, reaches it.
    @Test(arguments: [EvaluationOptions.Profile.interlock, .netpolAnalyzer])
    func adminTiersSeeTheNode(_ profile: EvaluationOptions.Profile) throws {
        #expect(try !Self.allowed(profile, from: "x/a", to: "x/agent"))
        #expect(try Self.allowed(profile, from: "y/a", to: "x/agent"))
    }
}
