import InterlockCore

/// The report of `acl match`: for every header of a trace, in trace order, the 0-based index of the
/// first rule it matches, or -1 when none does (the ACL's default action then applies). It is made
/// a line at a time, so that a long trace streams: `opening`, one `line` per header, `closing`.
public struct ACLMatchReport: Sendable {
    /// The forms of the report.
    public enum Format: String, CaseIterable, Sendable {
        /// An aligned table with fixed column widths and the action by name.
        case text
        /// The header as the trace wrote it (decimal integers), then the index:
        /// `sip dip sport dport proto index`.
        case tsv
        /// An array of objects, one a line.
        case json
    }

    public let acl: ACL
    public let format: Format
    /// Lines made so far.
    private var lines = 0

    public init(acl: ACL, format: Format) {
        self.acl = acl
        self.format = format
    }

    /// What comes before the first line: the text form's column titles, the JSON array's bracket.
    public var opening: String {
        switch format {
        case .text: return Self.textLine(["SOURCE", "DESTINATION", "SPORT", "DPORT", "PROTO", "ACTION", "RULE"])
        case .tsv: return ""
        case .json: return "["
        }
    }

    /// The line of header `h`, whose first matching rule is `index` (-1: none).
    public mutating func line(_ h: PacketHeader, rule index: Int) -> String {
        defer { lines += 1 }
        switch format {
        case .tsv:
            return ClassBenchFormat.format(h) + "\t\(index)\n"
        case .json:
            let action = index >= 0 ? acl.rules[index].action : acl.defaultAction
            return (lines == 0 ? "\n  " : ",\n  ")
                + JSON.object([
                    ("source", .string(IPv4Address(h.source).description)),
                    ("destination", .string(IPv4Address(h.destination).description)),
                    ("sourcePort", .int(Int(h.sourcePort))), ("destinationPort", .int(Int(h.destinationPort))),
                    ("protocol", .int(Int(h.proto))), ("action", .string(action.rawValue)), ("rule", .int(index)),
                ]).serialized(pretty: false)
        case .text:
            let action = index >= 0 ? acl.rules[index].action.rawValue : "default-\(acl.defaultAction.rawValue)"
            return Self.textLine([
                IPv4Address(h.source).description, IPv4Address(h.destination).description,
                String(h.sourcePort), String(h.destinationPort),
                IPProtocol(rawValue: h.proto).description, action, String(index),
            ])
        }
    }

    /// What ends the report: the JSON array's bracket.
    public var closing: String {
        guard format == .json else { return "" }
        return lines == 0 ? "]\n" : "\n]\n"
    }

    /// Column widths of the text form: fixed, so that a long trace streams without a second pass.
    static let widths = [15, 15, 5, 5, 6, 14]

    /// One aligned line: every column but the last padded to its width, two spaces apart.
    static func textLine(_ cells: [String]) -> String {
        var line = ""
        for (i, cell) in cells.enumerated() {
            line += cell
            if i < widths.count { line += String(repeating: " ", count: max(0, widths[i] - cell.count) + 2) }
        }
        return line + "\n"
    }
}
