import Documents
import InterlockCore
import Manifests

/// Every Calico resource Interlock evaluates: policies (enforced and staged), tiers, network sets, and
/// the staged Kubernetes NetworkPolicies. Each holds one object per (kind, namespace, name): a later
/// definition replaces an earlier one, with a warning.
public struct CalicoPolicies: Sendable {
    /// NetworkPolicies and GlobalNetworkPolicies, staged ones included, sorted by reference.
    public var policies: [CalicoPolicy] = []
    /// Tier objects, sorted by name.
    public var tiers: [CalicoTier] = []
    /// NetworkSets and GlobalNetworkSets, sorted by reference.
    public var networkSets: [CalicoNetworkSet] = []
    /// StagedKubernetesNetworkPolicies, read as NetworkPolicies, sorted by reference.
    public var stagedKubernetesPolicies: [NetworkPolicy] = []

    /// No Calico resources.
    public init() {}

    /// Whether any Calico policy, tier or network set is present.
    public var isEmpty: Bool {
        policies.isEmpty && tiers.isEmpty && networkSets.isEmpty && stagedKubernetesPolicies.isEmpty
    }

    /// Every CIDR of the rules (`nets`, `notNets`) and network sets: where external address space is cut.
    public var cidrs: Set<CIDR> {
        var out = Set(networkSets.flatMap(\.nets))
        for policy in policies {
            for rule in policy.ingress + policy.egress {
                for e in [rule.source, rule.destination] { out.formUnion(e.nets + e.notNets) }
            }
        }
        return out
    }

    /// Every numeric port range of the rules (`ports`, `notPorts`), for any protocol: where port space is cut.
    public var portRanges: [PortRange] {
        var out: [PortRange] = []
        for policy in policies {
            for rule in policy.ingress + policy.egress {
                for e in [rule.source, rule.destination] {
                    for case .range(let r) in (e.ports ?? []) + e.notPorts { out.append(r) }
                }
            }
        }
        return out
    }

    /// Whether `object` is a Calico resource this type reads.
    public static func reads(_ object: ManifestObject) -> Bool {
        CalicoPolicy.groups.contains(object.group) && object.kind != "HostEndpoint"
    }

    /// Reads the Calico resources among `objects`, noting replaced duplicates in `warnings`.
    static func decode(_ objects: [ManifestObject], warnings: inout [String]) throws(InputError) -> CalicoPolicies {
        var policies: [String: CalicoPolicy] = [:]
        var tiers: [String: CalicoTier] = [:]
        var sets: [String: CalicoNetworkSet] = [:]
        var staged: [String: NetworkPolicy] = [:]
        func note(_ ref: PolicyRef, _ previous: PolicyRef?) {
            if let previous {
                warnings.append(
                    "\(ref.location): \(ref) is also defined at \(previous.location); the later definition is used")
            }
        }
        for object in objects {
            switch object.kind {
            case "Tier":
                let tier = try CalicoTier.decode(object)
                if let ref = tier.ref { note(ref, tiers[tier.name]?.ref) }
                tiers[tier.name] = tier
            case "NetworkSet", "GlobalNetworkSet":
                let set = try CalicoNetworkSet.decode(object)
                note(set.ref, sets[set.ref.description]?.ref)
                sets[set.ref.description] = set
            case "StagedKubernetesNetworkPolicy":
                let policy = try NetworkPolicy.decode(object)
                note(policy.ref, staged[policy.ref.description]?.ref)
                staged[policy.ref.description] = policy
            default:
                let policy = try CalicoPolicy.decode(object)
                if !policy.hostOptions.isEmpty {
                    warnings.append(
                        "\(policy.ref.location): \(policy.ref) sets \(policy.hostOptions.joined(separator: ", ")): it applies to host endpoints, which are not evaluated; it takes no part in pod verdicts"
                    )
                }
                note(policy.ref, policies[policy.ref.description]?.ref)
                policies[policy.ref.description] = policy
            }
        }
        var out = CalicoPolicies()
        out.policies = policies.values.sorted { $0.ref < $1.ref }
        out.tiers = tiers.values.sorted { $0.name < $1.name }
        out.networkSets = sets.values.sorted { $0.ref < $1.ref }
        out.stagedKubernetesPolicies = staged.values.sorted { $0.ref < $1.ref }
        return out
    }
}
