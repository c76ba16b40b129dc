import InterlockCore

/// One IPv4 question for `CompiledEngine.areAllowed`: host-order addresses, protocol and
/// destination port (ignored for protocols without ports).
public struct IPv4Question: Sendable, Equatable {
    public var source: UInt32
    public var destination: UInt32
    public var proto: IPProtocol
    public var port: UInt16

    public init(source: UInt32, destination: UInt32, proto: IPProtocol, port: UInt16) {
        self.source = source
        self.destination = destination
        self.proto = proto
        self.port = port
    }
}

extension VerdictIndex {
    /// Questions answered per group: enough independent loads in each stage to keep the memory
    /// system busy, few enough that a group's scratch stays in registers and L1.
    static let groupSize = 16

    /// `out[i] = allows(endpoint(ofIPv4: q.source), endpoint(ofIPv4: q.destination), bit(q))` for
    /// every question, answered group by group in stages (addresses, endpoint records, table cells,
    /// profile words): a single question is a chain of dependent cache misses, while the questions
    /// of one stage are independent, so their misses overlap.
    func allows(_ questions: UnsafeBufferPointer<IPv4Question>, into out: UnsafeMutableBufferPointer<Bool>) {
        precondition(out.count >= questions.count, "one answer per question")
        let n = Self.groupSize
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 5 * n) { scratch in
            let source = scratch.baseAddress!, destination = source + n, bit = source + 2 * n
            let egress = source + 3 * n, ingress = source + 4 * n
            withUnsafeTemporaryAllocation(of: (EndpointRecord, EndpointRecord).self, capacity: n) { records in
                var start = 0
                while start < questions.count {
                    let count = min(n, questions.count - start)
                    // Stage 1: addresses to endpoints, ports to profile bits.
                    for k in 0..<count {
                        let q = questions[start + k]
                        source[k] = endpoint(ofIPv4: q.source)
                        destination[k] = endpoint(ofIPv4: q.destination)
                        bit[k] = self.bit(q.proto, q.port)
                    }
                    // Stage 2: endpoint records (nodes, class rows and columns).
                    for k in 0..<count { records[k] = (endpoints[source[k]], endpoints[destination[k]]) }
                    // Stage 3: the cells of the two sides' tables.
                    for k in 0..<count {
                        (egress[k], ingress[k]) = source[k] == destination[k] ? (-1, -1) : cells(records[k].0, records[k].1)
                    }
                    // Stage 4: cells to profiles.
                    for k in 0..<count {
                        if egress[k] >= 0 { egress[k] = entry(0, at: egress[k]) }
                        if ingress[k] >= 0 { ingress[k] = entry(1, at: ingress[k]) }
                    }
                    // Stage 5: the profiles' bits.
                    for k in 0..<count {
                        out[start + k] = source[k] == destination[k]
                            || ((egress[k] < 0 || test(0, egress[k], bit[k])) && (ingress[k] < 0 || test(1, ingress[k], bit[k])))
                    }
                    start += count
                }
            }
        }
    }
}
