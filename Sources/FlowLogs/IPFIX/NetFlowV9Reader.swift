import Capture
import InterlockCore

/// Reads a file of NetFlow v9 export packets (RFC 3954), one after the other: each a 20-byte header
/// (version 9, count of records, sysUpTime in ms, UNIX seconds, sequence number, source ID), then
/// FlowSets: templates (ID 0, section 5.2), options templates (1, skipped) and data (256 and up).
/// The packet has no length: its FlowSets are read until `count` records (template and data) are.
/// Field types 1-127 are IPFIX's information elements (RFC 3954 section 8), read as `IPFIXRecord`
/// reads them; FIRST_SWITCHED and LAST_SWITCHED are uptimes, placed by the header's clock. Records
/// join into connections as IPFIX's do.
enum NetFlowV9Reader {
    static let format = FlowLogFormatName("netflow9", text: false)

    /// Every connection of the NetFlow v9 packets in `bytes`.
    ///
    /// - Throws: `InputError` naming the packet and byte offset of the first malformed header,
    ///   FlowSet or template, or a data FlowSet with no template.
    static func read(_ bytes: [UInt8], file: String) throws(InputError) -> FlowLogContents {
        var found = ExportRecords(exporter: "NetFlow v9", file: file, unit: "packet")
        func fail(_ at: Int, _ text: String) -> InputError { found.fail(at, text) }
        var offset = 0
        while offset < bytes.count {
            try found.nextUnit(at: offset, of: bytes, header: 20, version: 9)
            let count = Int(IPFIXReader.be(bytes, offset + 2, 2))
            let uptime = Int64(IPFIXReader.be(bytes, offset + 4, 4))
            let unixSeconds = Int64(IPFIXReader.be(bytes, offset + 8, 4))
            let source = IPFIXReader.be(bytes, offset + 16, 4)
            let uptimeZero = unixSeconds * 1_000_000_000 - uptime * 1_000_000
            var set = offset + 20
            var seen = 0
            while seen < count && bytes.count - set >= 4 {
                let id = Int(IPFIXReader.be(bytes, set, 2))
                let length = Int(IPFIXReader.be(bytes, set + 2, 2))
                guard length >= 4, set + length <= bytes.count else {
                    throw fail(set, "FlowSet length \(length) runs past the end of the file")
                }
                let end = set + length
                switch id {
                case 0:
                    var t = set + 4
                    while end - t >= 4 {
                        let templateID = IPFIXReader.be(bytes, t, 2)
                        let fieldCount = Int(IPFIXReader.be(bytes, t + 2, 2))
                        guard templateID >= 256 else { throw fail(t, "template ID \(templateID) is below 256") }
                        guard end - t - 4 >= fieldCount * 4 else {
                            throw fail(t, "template \(templateID) is cut short")
                        }
                        found.templates[source << 16 | templateID] = (0..<fieldCount).map { i in
                            IPFIXReader.Field(
                                element: UInt16(IPFIXReader.be(bytes, t + 4 + 4 * i, 2)), enterprise: 0,
                                length: Int(IPFIXReader.be(bytes, t + 6 + 4 * i, 2)))
                        }
                        t += 4 + fieldCount * 4
                        seen += 1
                    }
                case 1: seen += 1  // Options describe the exporter, not flows.
                case 256...:
                    guard let fields = found.templates[source << 16 | UInt64(id)] else {
                        throw fail(set, "data FlowSet \(id) has no template from source \(source)")
                    }
                    let size = fields.reduce(0) { $0 + $1.length }
                    var r = set + 4
                    while size > 0 && end - r >= size {
                        let number = found.next()
                        seen += 1
                        var values: [(element: UInt16, bytes: ArraySlice<UInt8>)] = []
                        for f in fields {
                            values.append((f.element, bytes[r..<r + f.length]))
                            r += f.length
                        }
                        let record = IPFIXReader.Record(number: number, values: values)
                        let flow = try IPFIXRecord(record, uptimeZero: uptimeZero, fail: { fail(r, $0) })
                        found.add(flow)
                    }
                default: throw fail(set, "FlowSet ID \(id) is reserved")
                }
                set = end
            }
            offset = set
        }
        return found.contents()
    }
}
