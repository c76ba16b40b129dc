import Capture
import InterlockCore

/// One IPFIX data record read for its flow: one direction's five-tuple, counts and times.
struct IPFIXRecord {
    var number: Int
    var tuple: FiveTuple
    var packets: UInt64?
    var octets: UInt64?
    var start: Int64?
    var end: Int64?
    var samplingInterval: UInt64?

    /// The record's flow, or `nil` when it has no addresses or protocol (not a flow record).
    ///
    /// - Throws: what `fail` makes of a field whose length its element does not allow.
    /// `uptimeZero` is, for NetFlow v9, when the exporter's uptime was 0 (Unix ns): its
    /// FIRST_SWITCHED (22) and LAST_SWITCHED (21) are milliseconds of uptime.
    init?(_ r: IPFIXReader.Record, uptimeZero: Int64? = nil, fail: (String) -> InputError) throws(InputError) {
        var source: IPAddress?
        var destination: IPAddress?
        var ports: (UInt16, UInt16) = (0, 0)
        var icmp: UInt16?
        var proto: UInt8?
        number = r.number
        for (element, bytes) in r.values {
            func unsigned(max: Int = 8) throws(InputError) -> UInt64 {
                guard (1...max).contains(bytes.count) else {
                    throw fail("record \(r.number): element \(element) has \(bytes.count) bytes")
                }
                return bytes.reduce(0) { $0 << 8 | UInt64($1) }
            }
            func address(_ size: Int) throws(InputError) -> IPAddress {
                guard bytes.count == size else {
                    throw fail("record \(r.number): address element \(element) has \(bytes.count) bytes")
                }
                if size == 4 { return .v4(IPv4Address(UInt32(bytes.reduce(0) { $0 << 8 | UInt64($1) }))) }
                let b = Array(bytes)
                return .v6(
                    IPv6Address(high: IPFIXReader.be(b, 0, 8), low: IPFIXReader.be(b, 8, 8)))
            }
            switch element {
            case 8: source = try address(4)
            case 12: destination = try address(4)
            case 27: source = try address(16)
            case 28: destination = try address(16)
            case 7: ports.0 = UInt16(try unsigned(max: 2))
            case 11: ports.1 = UInt16(try unsigned(max: 2))
            case 4: proto = UInt8(try unsigned(max: 1))
            case 32, 139: icmp = UInt16(try unsigned(max: 2))
            case 1: octets = try unsigned()
            case 2: packets = try unsigned()
            case 150: start = Int64(try unsigned(max: 4)) * 1_000_000_000
            case 151: end = Int64(try unsigned(max: 4)) * 1_000_000_000
            case 152: start = Int64(try unsigned()) * 1_000_000
            case 153: end = Int64(try unsigned()) * 1_000_000
            case 154, 156: start = IPFIXRecord.ntp(try unsigned())
            case 155, 157: end = IPFIXRecord.ntp(try unsigned())
            case 34, 305: samplingInterval = try unsigned()
            case 22 where uptimeZero != nil: start = uptimeZero! + Int64(try unsigned(max: 4)) * 1_000_000
            case 21 where uptimeZero != nil: end = uptimeZero! + Int64(try unsigned(max: 4)) * 1_000_000
            default: break
            }
        }
        guard let source, let destination, let proto else { return nil }
        guard source.version == destination.version else {
            throw fail("record \(r.number): source and destination IP versions differ")
        }
        let p = IPProtocol(rawValue: proto)
        if p == .icmp || p == .icmpv6, let icmp { ports = (icmp >> 8, icmp & 0xFF) }
        tuple = FiveTuple(
            source: source, sourcePort: ports.0, destination: destination, destinationPort: ports.1, proto: p)
    }

    /// An NTP timestamp (RFC 5905: seconds since 1900, then a 32-bit fraction) in Unix nanoseconds,
    /// the fraction rounded to the nearest nanosecond.
    static func ntp(_ v: UInt64) -> Int64 {
        let seconds = Int64(v >> 32) - 2_208_988_800
        return seconds * 1_000_000_000 + Int64(((v & 0xFFFF_FFFF) * 1_000_000_000 + 1 << 31) >> 32)
    }

    private static func isICMP(_ t: FiveTuple) -> Bool { t.proto == .icmp || t.proto == .icmpv6 }

    /// Records joined into connections by five-tuple, either way; see `IPFIXReader`. `exporter`
    /// names the records in labels (`IPFIX`, `NetFlow v9`).
    static func join(_ records: [IPFIXRecord], exporter: String) -> [LoggedFlow] {
        var groups: [FiveTuple: [IPFIXRecord]] = [:]
        var order: [FiveTuple] = []
        for r in records {
            // ICMP's "ports" are the type and code, which a request and its reply need not share.
            var key = r.tuple
            if isICMP(key) { (key.sourcePort, key.destinationPort) = (0, 0) }
            let forward =
                (PacketAddress(key.source), key.sourcePort) <= (PacketAddress(key.destination), key.destinationPort)
            key = forward ? key : key.reversed
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(r)
        }
        return order.map { key in
            let rs = groups[key]!.sorted { ($0.start ?? 0, $0.number) < ($1.start ?? 0, $1.number) }
            let tuple = rs[0].tuple
            var packets: (fromInitiator: UInt64, fromResponder: UInt64)? = (0, 0)
            var bytes: (fromInitiator: UInt64, fromResponder: UInt64)? = (0, 0)
            func isForward(_ r: IPFIXRecord) -> Bool {
                r.tuple.source == tuple.source && (isICMP(tuple) || r.tuple.sourcePort == tuple.sourcePort)
            }
            for r in rs {
                let forward = isForward(r)
                if let p = r.packets, packets != nil {
                    if forward { packets!.fromInitiator += p } else { packets!.fromResponder += p }
                } else {
                    packets = nil
                }
                if let o = r.octets, bytes != nil {
                    if forward { bytes!.fromInitiator += o } else { bytes!.fromResponder += o }
                } else {
                    bytes = nil
                }
            }
            var labels: [String] = []
            if rs.count > 1 { labels.append("\(rs.count) \(exporter) records") }
            if let n = rs.compactMap(\.samplingInterval).max(), n > 1 { labels.append("sampled 1 in \(n)") }
            let first = rs.compactMap(\.start).min() ?? 0
            let last = max(rs.compactMap(\.end).max() ?? first, first)
            return LoggedFlow(
                tuple: tuple, direction: .firstPacket, firstTimestamp: first, lastTimestamp: last, packets: packets,
                bytes: bytes, replied: rs.contains { !isForward($0) }, firstRecord: rs.map(\.number).min()!,
                lastRecord: rs.map(\.number).max()!, aggregation: labels.isEmpty ? nil : labels.joined(separator: ", "),
                verdict: nil)
        }
    }
}
