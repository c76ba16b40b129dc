import InterlockCore
import Manifests

/// Who an allow rule opens a workload to beyond the workloads of the input: pods that may appear
/// later (in namespaces a selector picks, or any), address ranges, nodes, domain names.
public enum ExposurePeer: Hashable, Sendable, CustomStringConvertible {
    /// Every pod of every namespace.
    case entireCluster
    /// Pods `pods` picks (`nil`: every pod) in the namespaces `namespaces` stands for.
    case pods(namespaces: NamespaceScope, pods: LabelSelector?)
    /// The addresses of these ranges (an ipBlock's CIDR minus its excepts, an admin `networks` peer).
    case addresses([AddressRange])
    /// Nodes `selector` picks, present or future.
    case nodes(LabelSelector)
    /// Domain names (ClusterNetworkPolicy).
    case domainNames([String])

    /// The namespaces of a pods peer.
    public enum NamespaceScope: Hashable, Sendable {
        /// The namespace of this name.
        case named(String)
        /// Namespaces this (non-empty) selector picks, present or future.
        case selected(LabelSelector)
        /// Every namespace.
        case all
    }

    /// netpol-analyzer's form: `entire-cluster`, `ns/[all pods]`, `[namespace with {k=v}]/[pod with {k=v}]`,
    /// `[all namespaces]/[pod with {k=v}]`, `A.B.C.D-E.F.G.H`; and `[node with {k=v}]`, `[all nodes]`,
    /// `[domain names a,b]`.
    public var description: String {
        switch self {
        case .entireCluster: return "entire-cluster"
        case .pods(let namespaces, let pods):
            let ns: String
            switch namespaces {
            case .named(let name): ns = name
            case .selected(let s): ns = "[namespace with {\(s)}]"
            case .all: ns = "[all namespaces]"
            }
            return ns + "/" + (pods.map { $0.isEmpty ? "[all pods]" : "[pod with {\($0)}]" } ?? "[all pods]")
        case .addresses(let ranges): return ranges.map(\.description).joined(separator: ",")
        case .nodes(let s): return s.isEmpty ? "[all nodes]" : "[node with {\(s)}]"
        case .domainNames(let names): return "[domain names \(names.joined(separator: ","))]"
        }
    }

    /// The whole address space: the IPv4 range, and the IPv6 range when `v6` (as connlist shows IPv6
    /// ranges only when a policy names an IPv6 CIDR).
    public static func everyAddress(v6: Bool) -> [ExposurePeer] {
        let v4 = AddressRange(first: .v4(IPv4Address(0)), last: .v4(IPv4Address(UInt32.max)))
        guard v6 else { return [.addresses([v4])] }
        return [
            .addresses([v4]),
            .addresses([
                AddressRange(first: IPAddress("::")!, last: IPAddress("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")!)
            ]),
        ]
    }

    /// The effective set of `cidr` minus `except`, as maximal contiguous ranges.
    public static func ranges(_ cidr: CIDR, except: [CIDR]) -> [AddressRange] {
        let block = IPBlock(cidr: cidr, except: except)
        var out: [AddressRange] = []
        var previousInside = false
        for atom in ExternalSpace.atoms(cutAt: [cidr] + except) {
            let inside = block.contains(atom.first)
            if inside, previousInside, let last = out.last, last.first.version == atom.first.version {
                out[out.count - 1].last = atom.last
            } else if inside {
                out.append(atom)
            }
            previousInside = inside
        }
        return out
    }
}

/// One exposure: a workload, a direction, who it is open to, on which connections, and the rule that
/// opens it (`nil` when no policy protects the workload in that direction).
public struct ExposureItem: Hashable, Sendable {
    /// The workload, `namespace/name[Kind]`.
    public var workload: String
    /// Ingress: `peer` may connect to the workload; egress: the workload may connect to `peer`.
    public var direction: Direction
    /// Who.
    public var peer: ExposurePeer
    /// On what: netpol-analyzer's CONNS form, a named port kept as its name where it cannot be resolved
    /// (an egress rule's port is resolved on a destination the input does not hold).
    public var connections: String
    /// The rule that opens it; `nil` when nothing protects the workload in this direction.
    public var rule: RuleRef?
}
