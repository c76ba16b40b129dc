import CPrefetch
import InterlockCore

/// One IPv4 question for `CompiledEngine.areAllowed`: host-order addresses, protocol and
/// destination port (ignored for protocols without ports).
public struct IPv4Question: Sendable, Equatable {
    /// The source address as a host-order integer (`IPv4Address.value`).
    public var source: UInt32
    /// The destination address as a host-order integer.
    public var destination: UInt32
    /// The IP protocol.
    public var proto: IPProtocol
    /// The destination port; ignored for protocols without ports.
    public var port: UInt16

    /// A question from its fields.
    public init(source: UInt32, destination: UInt32, proto: IPProtocol, port: UInt16) {
        self.source = source
        self.destination = destination
        self.proto = proto
        self.port = port
    }
}

extension VerdictIndex {
    /// Questions per group: enough independent loads in each stage to keep the memory system busy,
    /// few enough that the groups in flight stay in L1.
    static let groupSize = 16
    /// Groups in flight: one per stage of `allows(_:into:)`.
    static let stages = 4

    /// `out[i] = allows(endpoint(ofIPv4: q.source), endpoint(ofIPv4: q.destination), bit(q))` for
    /// every question.
    ///
    /// A single question is a chain of dependent cache misses (address slot, endpoint record, table
    /// cell). Here the questions go through four stages in groups, software-pipelined: while group
    /// `g` hashes its addresses and prefetches their slots, group `g - 1` probes the slots (fetched
    /// one step earlier) and prefetches the endpoint records, group `g - 2` reads the records and
    /// prefetches the table cells, and group `g - 3` reads the cells and answers. Every load a stage
    /// makes was prefetched a stage before, so the misses of many questions overlap.
    func allows(_ questions: UnsafeBufferPointer<IPv4Question>, into out: UnsafeMutableBufferPointer<Bool>) {
        precondition(out.count >= questions.count, "one answer per question")
        let n = Self.groupSize
        let depth = Self.stages
        let groups = (questions.count + n - 1) / n
        // Per question in flight: the source's and the destination's slot, then endpoint, then
        // cell (-1: that side restricts nothing); and the profile bit (-1: allowed outright, -2: denied
        // outright, the endpoints being on isolated networks).
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * depth * n) { scratch in
            let lanes = scratch.baseAddress!
            func lane(_ g: Int) -> BatchLane {
                let base = lanes + 3 * n * (g % depth)
                return BatchLane(
                    first: g * n, count: min(n, questions.count - g * n), source: base, destination: base + n,
                    bit: base + 2 * n)
            }
            for g in 0..<(groups + depth - 1) {
                if g >= 3 && g - 3 < groups { answer(lane(g - 3), into: out) }
                if g >= 2 && g - 2 < groups { findCells(lane(g - 2)) }
                if g >= 1 && g - 1 < groups { findEndpoints(lane(g - 1), questions) }
                if g < groups { findSlots(lane(g), questions) }
            }
        }
    }

    /// Stage 1: each address's home slot, prefetched, and the port's atom entry.
    @inline(__always) private func findSlots(_ lane: BatchLane, _ questions: UnsafeBufferPointer<IPv4Question>) {
        let slots = addressSlots.baseAddress
        let mask = addressSlots.count - 1
        for k in 0..<lane.count {
            let q = questions[lane.first + k]
            lane.source[k] = AddressSlot.home(of: q.source, mask: mask)
            lane.destination[k] = AddressSlot.home(of: q.destination, mask: mask)
            interlock_prefetch_read(slots + lane.source[k])
            interlock_prefetch_read(slots + lane.destination[k])
            let port = portSlot(q.proto, q.port)
            if port >= 0 { interlock_prefetch_read(atomOfPort.baseAddress + port) }
        }
    }

    /// Stage 2: probe from the home slots to the endpoints, prefetch their records; the profile bit.
    @inline(__always) private func findEndpoints(_ lane: BatchLane, _ questions: UnsafeBufferPointer<IPv4Question>) {
        for k in 0..<lane.count {
            let q = questions[lane.first + k]
            let s = endpoint(ofIPv4: q.source, from: lane.source[k])
            let d = endpoint(ofIPv4: q.destination, from: lane.destination[k])
            lane.source[k] = s
            lane.destination[k] = d
            // A pod can always reach itself; nodes and external addresses are never subjects.
            lane.bit[k] = s == d ? -1 : bit(q.proto, q.port)
            interlock_prefetch_read(endpoints.baseAddress + s)
            interlock_prefetch_read(endpoints.baseAddress + d)
        }
    }

    /// Stage 3: the endpoint records to the two sides' cells, prefetched.
    @inline(__always) private func findCells(_ lane: BatchLane) {
        for k in 0..<lane.count where lane.bit[k] >= 0 {
            let (es, ed) = (endpoints[lane.source[k]], endpoints[lane.destination[k]])
            if isolated(es, ed) {
                lane.bit[k] = -2
                continue
            }
            let (egress, ingress) = cells(es, ed)
            lane.source[k] = egress
            lane.destination[k] = ingress
            if egress >= 0 { interlock_prefetch_read(entries.0.baseAddress + egress * width.0) }
            if ingress >= 0 { interlock_prefetch_read(entries.1.baseAddress + ingress * width.1) }
        }
    }

    /// Stage 4: the cells' profiles, tested for the bit.
    @inline(__always) private func answer(_ lane: BatchLane, into out: UnsafeMutableBufferPointer<Bool>) {
        for k in 0..<lane.count {
            let bit = lane.bit[k]
            let egress = lane.source[k]
            let ingress = lane.destination[k]
            out[lane.first + k] =
                bit == -1
                || (bit >= 0 && (egress < 0 || test(0, entry(0, at: egress), bit))
                    && (ingress < 0 || test(1, entry(1, at: ingress), bit)))
        }
    }
}

/// One group's scratch in `VerdictIndex.allows(_:into:)`: questions `first..<first + count`, and
/// per question two values whose meaning moves on with the stages, and the profile bit.
private struct BatchLane {
    var first: Int
    var count: Int
    var source: UnsafeMutablePointer<Int>
    var destination: UnsafeMutablePointer<Int>
    var bit: UnsafeMutablePointer<Int>
}
