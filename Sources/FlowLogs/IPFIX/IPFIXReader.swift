import Capture
import InterlockCore

/// Reads a file of IPFIX messages (RFC 7011): each a 16-byte header (version 10, length, export
/// time, sequence number, observation domain), then sets: templates (set ID 2, section 3.4.1), options
/// templates (3, skipped), and data sets (ID 256 and up) whose records the domain's template of that
/// ID lays out. Fields are found by their IANA information elements
/// (https://www.iana.org/assignments/ipfix/ipfix.xhtml): addresses 8/12 (IPv4) and 27/28 (IPv6),
/// ports 7/11, protocolIdentifier 4, octetDeltaCount 1, packetDeltaCount 2 (reduced-size encoding,
/// section 6.2, read at any length up to 8), flowStart/End Seconds 150/151, Milliseconds 152/153,
/// Microseconds 154/155 and Nanoseconds 156/157 (NTP timestamps, section 6.1.9), icmpTypeCodeIPv4
/// 32 and IPv6 139, and the sampling interval 34 or 305 (the counts are then labeled sampled).
/// Enterprise-specific fields are skipped by their length; variable-length fields by their length
/// prefix (section 7).
///
/// A record is one direction of a flow. Records of one five-tuple, either way, join into one
/// connection: the earliest record's sender is the initiator, records the other way count as the
/// responder's, and a connection of several records is labeled.
enum IPFIXReader {
    static let format = FlowLogFormatName("ipfix", text: false)

    struct Field {
        var element: UInt16
        var enterprise: UInt32
        var length: Int
    }

    /// One data record's values, as `IPFIXRecord` reads them.
    struct Record {
        var number: Int
        var values: [(element: UInt16, bytes: ArraySlice<UInt8>)]
    }

    /// Every connection of the IPFIX messages in `bytes`.
    ///
    /// - Throws: `InputError` naming the message and byte offset of the first malformed header,
    ///   set, template or record, or a data set with no template.
    static func read(_ bytes: [UInt8], file: String) throws(InputError) -> FlowLogContents {
        var found = ExportRecords(exporter: "IPFIX", file: file, unit: "message")
        func fail(_ at: Int, _ text: String) -> InputError { found.fail(at, text) }
        var offset = 0
        while offset < bytes.count {
            try found.nextUnit(at: offset, of: bytes, header: 16, version: 10)
            let length = Int(be(bytes, offset + 2, 2))
            guard length >= 16, offset + length <= bytes.count else {
                throw fail(offset, "length \(length) runs past the end of the file or the header")
            }
            let domain = be(bytes, offset + 12, 4)
            var set = offset + 16
            let end = offset + length
            while set < end {
                guard end - set >= 4 else { throw fail(set, "a set header needs 4 bytes") }
                let id = Int(be(bytes, set, 2))
                let setLength = Int(be(bytes, set + 2, 2))
                guard setLength >= 4, set + setLength <= end else {
                    throw fail(set, "set length \(setLength) runs past its message")
                }
                let body = set + 4..<set + setLength
                switch id {
                case 2:
                    var t = body.lowerBound
                    while body.upperBound - t >= 4 {
                        let templateID = be(bytes, t, 2)
                        let count = Int(be(bytes, t + 2, 2))
                        guard templateID >= 256 else { throw fail(t, "template ID \(templateID) is below 256") }
                        t += 4
                        var fields: [Field] = []
                        for _ in 0..<count {
                            guard body.upperBound - t >= 4 else { throw fail(t, "template \(templateID) is cut short") }
                            var element = UInt16(be(bytes, t, 2))
                            let fieldLength = Int(be(bytes, t + 2, 2))
                            var enterprise: UInt32 = 0
                            t += 4
                            if element & 0x8000 != 0 {
                                guard body.upperBound - t >= 4 else {
                                    throw fail(t, "template \(templateID) is cut short")
                                }
                                element &= 0x7FFF
                                enterprise = UInt32(be(bytes, t, 4))
                                t += 4
                            }
                            fields.append(Field(element: element, enterprise: enterprise, length: fieldLength))
                        }
                        found.templates[UInt64(domain) << 16 | templateID] = fields
                    }
                case 3: break  // Options templates describe the exporter, not flows.
                case 256...:
                    guard let fields = found.templates[UInt64(domain) << 16 | UInt64(id)] else {
                        throw fail(set, "data set \(id) has no template in observation domain \(domain)")
                    }
                    var r = body.lowerBound
                    let minimum = fields.reduce(0) { $0 + ($1.length == 65535 ? 1 : $1.length) }
                    while minimum > 0 && body.upperBound - r >= minimum {
                        let number = found.next()
                        var values: [(element: UInt16, bytes: ArraySlice<UInt8>)] = []
                        for f in fields {
                            var n = f.length
                            if n == 65535 {
                                guard r < body.upperBound else { throw fail(r, "record \(number) is cut short") }
                                n = Int(bytes[r])
                                r += 1
                                if n == 255 {
                                    guard body.upperBound - r >= 2 else {
                                        throw fail(r, "record \(number) is cut short")
                                    }
                                    n = Int(be(bytes, r, 2))
                                    r += 2
                                }
                            }
                            guard body.upperBound - r >= n else { throw fail(r, "record \(number) is cut short") }
                            if f.enterprise == 0 { values.append((f.element, bytes[r..<r + n])) }
                            r += n
                        }
                        let flow = try IPFIXRecord(Record(number: number, values: values), fail: { fail(r, $0) })
                        found.add(flow)
                    }
                default: throw fail(set, "set ID \(id) is reserved")
                }
                set += setLength
            }
            offset = end
        }
        return found.contents()
    }

    /// The big-endian unsigned integer of `count` (at most 8) bytes at `at`.
    static func be(_ bytes: [UInt8], _ at: Int, _ count: Int) -> UInt64 {
        var v: UInt64 = 0
        for i in at..<at + count { v = v << 8 | UInt64(bytes[i]) }
        return v
    }
}
