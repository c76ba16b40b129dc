/// What an input file of observed traffic is: a packet capture or one of the flow-log formats.
/// `automatic` decides by content (`detect`), never by the file's name.
public enum InputFormat: String, CaseIterable, Sendable {
    /// Decide by content.
    case automatic
    /// pcap or pcapng, read by libpcap.
    case pcap
    /// Hubble flows as JSON lines.
    case hubble
    /// Zeek conn.log, TSV with its header lines.
    case zeek
    /// Zeek conn.log as JSON lines.
    case zeekJSON = "zeek-json"
    /// Calico flow logs as Felix writes them: JSON lines.
    case calico
    /// Calico flow logs as CSV with a header row.
    case calicoCSV = "calico-csv"
    /// IPFIX messages (RFC 7011), one after the other.
    case ipfix
    /// NetFlow v9 export packets (RFC 3954), one after the other.
    case netflow9

    /// The format of a file starting with `head` (its first bytes): flow-log formats by their
    /// signatures, anything else a capture (libpcap then says what is wrong with it).
    static func detect(_ head: [UInt8]) -> InputFormat {
        if head.starts(with: Array("#separator ".utf8)) { return .zeek }
        // An IPFIX message header: version 10, then a length that holds at least the header.
        if head.count >= 16, head[0] == 0, head[1] == 10, Int(head[2]) << 8 | Int(head[3]) >= 16 { return .ipfix }
        // A NetFlow v9 header (version 9) and a FlowSet header after it; no capture starts with 00 09.
        if head.count >= 24, head[0] == 0, head[1] == 9 { return .netflow9 }
        let text = head.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        if text.first == UInt8(ascii: "{") {
            let firstLine = String(decoding: text.prefix { $0 != 0x0A }, as: UTF8.self)
            if firstLine.contains("\"id.orig_h\"") { return .zeekJSON }
            if firstLine.contains("\"start_time\""), firstLine.contains("\"reporter\"") { return .calico }
            let hubbleKeys = ["\"flow\"", "\"IP\"", "\"verdict\"", "\"l4\""]
            if hubbleKeys.contains(where: firstLine.contains) { return .hubble }
        }
        let header = String(decoding: text.prefix { $0 != 0x0A && $0 != 0x0D }, as: UTF8.self)
        let columns = Set(header.split(separator: ",").map { String($0.trimmingQuotes) })
        if ["start_time", "source_ip", "dest_ip", "reporter"].allSatisfy(columns.contains) { return .calicoCSV }
        return .pcap
    }
}

extension Substring {
    /// The text without the double quotes of a quoted CSV field.
    fileprivate var trimmingQuotes: Substring {
        hasPrefix("\"") && hasSuffix("\"") && count >= 2 ? dropFirst().dropLast() : self
    }
}
