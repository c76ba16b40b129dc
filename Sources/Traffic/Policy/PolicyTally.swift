import Fabric

/// What a policy state does to a flow.
public enum FlowVerdict: UInt8, Comparable, Sendable, CustomStringConvertible {
    /// Nothing stops it.
    case allowed
    /// An enforcement point drops it: a fabric ACL, or a Kubernetes policy on a kernel interface.
    case blocked
    /// A Kubernetes policy denies it, but nothing on its way can stop it (RDMA bypasses the kernel).
    case unenforceable

    /// `allowed`, `blocked` or `unenforceable`, as tables and JSON print it.
    public var description: String {
        switch self {
        case .allowed: return "allowed"
        case .blocked: return "blocked"
        case .unenforceable: return "unenforceable"
        }
    }

    /// Allowed, then blocked, then unenforceable.
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// A group of flows judged alike: between two jobs, with one verdict from one enforcer, on one
/// plane, protocol and destination port.
public struct TallyKey: Hashable, Comparable, Sendable {
    /// The sending job (index in the placement; `-1`: a storage server).
    public var sourceJob: Int32
    /// The receiving job (index in the placement; `-1`: a storage server).
    public var destinationJob: Int32
    /// What the state does to the group's flows.
    public var verdict: FlowVerdict
    /// The ACL that denied (index into the state's ACLs), -1 for a Kubernetes policy, -2 for none.
    public var acl: Int32
    /// The ACL's rule (-1: its default action).
    public var rule: Int32
    /// The plane the flows cross.
    public var plane: Plane
    /// IP protocol number.
    public var proto: UInt8
    /// Destination port.
    public var port: UInt16

    /// By jobs, verdict and enforcer, then rule, plane, protocol and port.
    public static func < (a: Self, b: Self) -> Bool {
        let x = (a.sourceJob, a.destinationJob, a.verdict.rawValue, a.acl)
        let y = (b.sourceJob, b.destinationJob, b.verdict.rawValue, b.acl)
        if x != y { return x < y }
        return (a.rule, a.plane.rawValue, a.proto, a.port) < (b.rule, b.plane.rawValue, b.proto, b.port)
    }
}

/// Flows and bytes of a group, and its first flow (lowest source then destination rank) as the
/// example explanations are made from.
public struct TallyValue: Equatable, Sendable {
    /// Flows in the group.
    public var flows = 0
    /// Their whole bytes.
    public var bytes = 0.0
    /// The group's first flow.
    public var example: FlowExample

    mutating func merge(_ o: TallyValue) {
        flows += o.flows
        bytes += o.bytes
        if o.example < example { example = o.example }
    }
}

/// The ranks and identities of a group's example flow.
public struct FlowExample: Equatable, Comparable, Sendable {
    /// Global rank of the sender.
    public var sourceRank: Int32
    /// Global rank of the receiver.
    public var destinationRank: Int32
    /// The sending routing endpoint (NIC or host).
    public var source: DeviceID
    /// The receiving routing endpoint.
    public var destination: DeviceID
    /// Indices into the identities (-1: none).
    var sourceIdentity: Int32
    var destinationIdentity: Int32

    /// By ranks, then endpoints: the lowest is the group's example.
    public static func < (a: Self, b: Self) -> Bool {
        (a.sourceRank, a.destinationRank, a.source, a.destination) < (
            b.sourceRank, b.destinationRank, b.source, b.destination
        )
    }
}

/// How flows changed between two policy states: the verdict before, and the group after (whose
/// enforcer is the after state's when it stops the flow, else the before state's).
public struct ChangeKey: Hashable, Comparable, Sendable {
    /// The verdict in the before state.
    public var before: FlowVerdict
    /// The group in the after state (enforcer as described above).
    public var after: TallyKey

    /// By the verdict before, then the group after.
    public static func < (a: Self, b: Self) -> Bool {
        a.before != b.before ? a.before < b.before : a.after < b.after
    }
}

/// Groups of flows with their counts, merged over workers.
public struct Tally<Key: Hashable & Comparable & Sendable>: Sendable {
    /// Each group's flows, bytes and example.
    public var groups: [Key: TallyValue] = [:]

    /// A tally of `groups` (empty by default).
    public init(groups: [Key: TallyValue] = [:]) { self.groups = groups }

    /// The sum of several workers' tallies (the same whatever order flows reached the workers in).
    static func merged(_ parts: [Tally]) -> Tally {
        var out = Tally()
        for part in parts {
            for (k, v) in part.groups {
                if out.groups[k] == nil { out.groups[k] = v } else { out.groups[k]!.merge(v) }
            }
        }
        return out
    }

    /// The groups in a stable order.
    public var sorted: [(key: Key, value: TallyValue)] { groups.sorted { $0.key < $1.key } }
}

/// Every group of flows one policy state judged.
public typealias PolicyTally = Tally<TallyKey>

extension Tally where Key == TallyKey {
    /// Flows and bytes with `verdict`, over all groups.
    public func total(_ verdict: FlowVerdict) -> (flows: Int, bytes: Double) {
        groups.reduce((0, 0.0)) { acc, g in
            g.key.verdict == verdict ? (acc.0 + g.value.flows, acc.1 + g.value.bytes) : acc
        }
    }
}

/// Counts flows into groups: flows of one group arrive in runs (the QPs of a connection, the
/// connections of a node pair), so a run is counted before the dictionary is touched.
final class GroupCounter<Key: Hashable & Comparable & Sendable>: @unchecked Sendable {
    @exclusivity(unchecked) private var groups: [Key: TallyValue] = [:]
    @exclusivity(unchecked) private var runKey: Key?
    @exclusivity(unchecked) private var run = TallyValue(
        example: FlowExample(
            sourceRank: 0, destinationRank: 0, source: 0, destination: 0,
            sourceIdentity: -1, destinationIdentity: -1))

    @inline(__always)
    func count(_ key: Key, bytes: Double, example: FlowExample) {
        if key == runKey {
            run.flows += 1
            run.bytes += bytes
            if example < run.example { run.example = example }
            return
        }
        flush()
        runKey = key
        run = TallyValue(flows: 1, bytes: bytes, example: example)
    }

    private func flush() {
        guard let k = runKey else { return }
        if groups[k] == nil { groups[k] = run } else { groups[k]!.merge(run) }
        runKey = nil
    }

    /// Everything counted so far.
    var tally: Tally<Key> {
        flush()
        return Tally(groups: groups)
    }
}
