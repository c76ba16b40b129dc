import Fabric

/// What a policy state does to a flow.
public enum FlowVerdict: UInt8, Comparable, Sendable, CustomStringConvertible {
    case allowed
    /// An enforcement point drops it: a fabric ACL, or a Kubernetes policy on a kernel interface.
    case blocked
    /// A Kubernetes policy denies it, but nothing on its way can stop it (RDMA bypasses the kernel).
    case unenforceable

    public var description: String {
        switch self {
        case .allowed: return "allowed"
        case .blocked: return "blocked"
        case .unenforceable: return "unenforceable"
        }
    }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// A group of flows judged alike: between two jobs, with one verdict from one enforcer, on one
/// plane, protocol and destination port.
public struct TallyKey: Hashable, Comparable, Sendable {
    public var sourceJob: Int32
    public var destinationJob: Int32
    public var verdict: FlowVerdict
    /// The ACL that denied (index into the state's ACLs), -1 for a Kubernetes policy, -2 for none.
    public var acl: Int32
    /// The ACL's rule (-1: its default action).
    public var rule: Int32
    public var plane: Plane
    public var proto: UInt8
    public var port: UInt16

    public static func < (a: Self, b: Self) -> Bool {
        let x = (a.sourceJob, a.destinationJob, a.verdict.rawValue, a.acl), y = (b.sourceJob, b.destinationJob, b.verdict.rawValue, b.acl)
        if x != y { return x < y }
        return (a.rule, a.plane.rawValue, a.proto, a.port) < (b.rule, b.plane.rawValue, b.proto, b.port)
    }
}

/// Flows and bytes of a group, and its first flow (lowest source then destination rank) as the
/// example explanations are made from.
public struct TallyValue: Equatable, Sendable {
    public var flows = 0
    public var bytes = 0.0
    public var example: FlowExample

    mutating func merge(_ o: TallyValue) {
        flows += o.flows
        bytes += o.bytes
        if o.example < example { example = o.example }
    }
}

/// The ranks and identities of a group's example flow.
public struct FlowExample: Equatable, Comparable, Sendable {
    public var sourceRank: Int32
    public var destinationRank: Int32
    public var source: DeviceID
    public var destination: DeviceID
    /// Indices into the identities (-1: none).
    var sourceIdentity: Int32
    var destinationIdentity: Int32

    public static func < (a: Self, b: Self) -> Bool {
        (a.sourceRank, a.destinationRank, a.source, a.destination) < (b.sourceRank, b.destinationRank, b.source, b.destination)
    }
}

/// Every group of flows one policy state judged, merged over workers.
public struct PolicyTally: Sendable {
    public var groups: [TallyKey: TallyValue] = [:]

    /// The sum of several workers' tallies (the same whatever order flows reached the workers in).
    static func merged(_ parts: [PolicyTally]) -> PolicyTally {
        var out = PolicyTally()
        for part in parts {
            for (k, v) in part.groups {
                if out.groups[k] == nil { out.groups[k] = v } else { out.groups[k]!.merge(v) }
            }
        }
        return out
    }

    /// The groups in a stable order.
    public var sorted: [(key: TallyKey, value: TallyValue)] { groups.sorted { $0.key < $1.key } }

    /// Flows and bytes with `verdict`, over all groups.
    public func total(_ verdict: FlowVerdict) -> (flows: Int, bytes: Double) {
        groups.reduce((0, 0.0)) { acc, g in g.key.verdict == verdict ? (acc.0 + g.value.flows, acc.1 + g.value.bytes) : acc }
    }
}
