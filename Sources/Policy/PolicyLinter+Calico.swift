import InterlockCore
import Manifests

extension PolicyLinter {
    /// The mistakes that make Calico reject a policy or ignore part of it, and the parts Interlock does
    /// not evaluate (https://docs.tigera.io/calico/latest/reference/resources/networkpolicy,
    /// .../globalnetworkpolicy, .../tier).
    mutating func lintCalico(_ calico: CalicoPolicies) {
        let tiers = Set(calico.tiers.map(\.name) + [CalicoTier.defaultName])
        for policy in calico.policies {
            lintCalicoPolicy(policy)
            if !tiers.contains(policy.tier) {
                add(
                    policy.ref.location, "calico-unknown-tier",
                    "\(policy.ref): tier '\(policy.tier)' has no Tier object: Calico rejects a policy in a tier that does not exist"
                )
            }
            let tierOrdered = calico.policies.contains { $0.tier == policy.tier && $0.order != nil }
            if policy.order == nil && tierOrdered && !policy.staged {
                add(
                    policy.ref.location, "calico-no-order",
                    "\(policy.ref): no order while other policies of tier '\(policy.tier)' have one: it is evaluated after all of them"
                )
            }
        }
        lintCalicoPassInLastTier(calico)
        lintCalicoHostEndpoints()
    }

    /// `calico-host-endpoint`: each HostEndpoint (an unevaluated kind): the policies that apply to it guard
    /// a host's interface, which Interlock does not model (https://docs.tigera.io/calico/latest/reference/
    /// resources/hostendpoint).
    private mutating func lintCalicoHostEndpoints() {
        for object in input.manifests.unevaluatedPolicies
        where object.kind == "HostEndpoint" && CalicoPolicy.groups.contains(object.group) {
            let spec = object.cursor.optional("spec")
            let on = ["node", "interfaceName"].compactMap { key in
                (try? spec?.optional(key)?.string()).map { "\(key) \($0)" }
            }
            let place = on.isEmpty ? "" : " (\(on.joined(separator: ", ")))"
            add(
                object.location, "calico-host-endpoint",
                "HostEndpoint \(object.name)\(place): host-level rules are not evaluated; results are incomplete")
        }
    }

    private mutating func lintCalicoPolicy(_ policy: CalicoPolicy) {
        if !policy.hostOptions.isEmpty {
            add(
                policy.ref.location, "calico-host-policy",
                "\(policy.ref): \(policy.hostOptions.joined(separator: ", ")) apply to host endpoints, which Interlock does not evaluate"
            )
        }
        // "types ... Egress if there are egress rules": rules of a direction `types` leaves out are ignored.
        for direction in Direction.allCases where !policy.rules(direction).isEmpty && !policy.types.contains(direction)
        {
            add(
                policy.ref.location, "calico-types-ignore-rules",
                "\(policy.ref): \(direction.rawValue) rules while types leaves out \(direction.rawValue.capitalized): Calico ignores them"
            )
        }
        for rule in policy.ingress + policy.egress {
            // "Since only some protocols have ports, if any ports are specified it requires the Protocol
            // match in the Rule to be set to TCP or UDP" (SCTP too): the API server rejects the rule.
            let ports = [rule.source, rule.destination].contains { $0.ports != nil || !$0.notPorts.isEmpty }
            guard ports, !(rule.proto?.hasPorts ?? false) else { continue }
            let what =
                rule.notProto != nil && rule.proto == nil
                ? "notProtocol and no protocol" : "no TCP, UDP or SCTP protocol"
            add(
                rule.ref.location, "calico-ports-without-protocol",
                "\(rule.ref): ports with \(what): Calico rejects the rule; set protocol to TCP, UDP or SCTP"
            )
        }
    }
}
