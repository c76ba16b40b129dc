import Fabric
import Manifests

/// Where connectivity is judged: a Kubernetes network, by its policies (the compiled engine), or a
/// fabric plane, by its partitions, VRFs and ACLs. Each view judges what its enforcement points
/// govern: a Kubernetes view judges pairs with at least one pod a policy can select; a plane judges
/// its interfaces (and, on the front-end network, addresses outside the cluster).
public enum View: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// A Kubernetes network, judged by its policies.
    case kubernetes(Network)
    /// A fabric plane, judged by its partitions, VRFs and ACLs.
    case plane(Plane)

    /// How reports name the view: `pod network`, `network NAMESPACE/NAME`, `compute plane`.
    public var description: String {
        switch self {
        case .kubernetes(let n): return n == .pod ? "pod network" : "network \(n)"
        case .plane(let p): return "\(p.name) plane"
        }
    }

    /// The short name findings carry in `network`: `pod`, `training/rdma-rail`, `compute`, ...
    public var name: String {
        switch self {
        case .kubernetes(let n): return n.description
        case .plane(let p): return p.name
        }
    }

    /// Kubernetes networks first (in their order), then planes in `Plane` order.
    public static func < (lhs: View, rhs: View) -> Bool {
        switch (lhs, rhs) {
        case (.kubernetes(let a), .kubernetes(let b)): return a < b
        case (.kubernetes, .plane): return true
        case (.plane, .kubernetes): return false
        case (.plane(let a), .plane(let b)): return a < b
        }
    }
}

/// A set of zones by index: a bit per zone.
struct ZoneSet: Hashable, Sendable {
    private(set) var words: [UInt64]

    init(count: Int) { words = [UInt64](repeating: 0, count: max(1, (count + 63) / 64)) }

    mutating func insert(_ i: Int) { words[i >> 6] |= 1 << UInt64(i & 63) }
    func contains(_ i: Int) -> Bool { words[i >> 6] & (1 << UInt64(i & 63)) != 0 }
    var isEmpty: Bool { words.allSatisfy { $0 == 0 } }

    /// Whether any of `indices` is in the set.
    func contains(anyOf indices: [Int]) -> Bool { indices.contains { contains($0) } }
}
