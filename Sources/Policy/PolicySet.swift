import InterlockCore
import Manifests

/// Every policy Interlock evaluates, decoded from a `ManifestSet`.
///
/// Invariant: `networkPolicies` is sorted by (kind, namespace, name) and holds one policy per
/// such key (a later definition replaces an earlier one, with a warning).
public struct PolicySet: Sendable {
    public var networkPolicies: [NetworkPolicy]
    /// Things the user should hear about (duplicates, ...).
    public var warnings: [String]

    public init(networkPolicies: [NetworkPolicy], warnings: [String] = []) {
        self.networkPolicies = networkPolicies.sorted { $0.ref < $1.ref }
        self.warnings = warnings
    }

    /// Decodes every evaluated policy object of `manifests`.
    public static func decode(_ manifests: ManifestSet) throws(InputError) -> PolicySet {
        var byKey: [String: NetworkPolicy] = [:]
        var warnings: [String] = []
        for object in manifests.policyObjects {
            let policy: NetworkPolicy
            switch object.kind {
            case "NetworkPolicy": policy = try NetworkPolicy.decode(object)
            default: continue
            }
            let key = "\(policy.ref.kind) \(policy.ref.qualifiedName)"
            if let previous = byKey[key] {
                warnings.append("\(policy.ref.location): \(key) is also defined at \(previous.ref.location); the later definition is used")
            }
            byKey[key] = policy
        }
        return PolicySet(networkPolicies: Array(byKey.values), warnings: warnings)
    }

    /// The NetworkPolicies (or MultiNetworkPolicies) in force on `network`.
    public func networkPolicies(on network: Network) -> [NetworkPolicy] {
        networkPolicies.filter { $0.applies(on: network) }
    }

    /// Every CIDR (ipBlock `cidr` and `except`) of the policies in force on `network`, sorted:
    /// the boundaries at which external address space is cut.
    public func cidrs(on network: Network) -> [CIDR] {
        var out: Set<CIDR> = []
        for policy in networkPolicies(on: network) {
            for rule in policy.ingress + policy.egress {
                for (peer, _) in rule.peers ?? [] {
                    if case .ipBlock(let block) = peer { out.insert(block.cidr); out.formUnion(block.except) }
                }
            }
        }
        return out.sorted()
    }

    /// The first port of every port interval any rule names for `proto`, and the port after its
    /// end: between two consecutive cuts, every numeric port match is constant.
    public func portCuts(_ proto: IPProtocol) -> Set<UInt16> {
        var cuts: Set<UInt16> = [1]
        for policy in networkPolicies {
            for rule in policy.ingress + policy.egress {
                for p in rule.ports ?? [] where p.proto == proto {
                    guard case .number(let n) = p.port else { continue }
                    cuts.insert(UInt16(n))
                    let end = p.endPort.map(Int.init) ?? n
                    if end < 65535 { cuts.insert(UInt16(end + 1)) }
                }
            }
        }
        return cuts
    }
}
