import InterlockCore

/// The report of `acl match`: for every header of a trace, in trace order, the 0-based index of the
/// first rule it matches, or -1 when none does (the ACL's default action then applies). It is written
/// a line at a time, so that a long trace streams: `writeOpening`, one `writeLine` per header,
/// `writeClosing`.
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
    /// What every line repeats, as bytes made once for the report.
    let lines: Lines

    public init(acl: ACL, format: Format) {
        self.acl = acl
        self.format = format
        lines = Lines(acl: acl, format: format)
    }

    /// Writes what comes before the first line: the text form's column titles, the JSON array's bracket.
    public func writeOpening(to out: ByteWriter) {
        switch format {
        case .text: out.write(Self.textLine(["SOURCE", "DESTINATION", "SPORT", "DPORT", "PROTO", "ACTION", "RULE"]))
        case .tsv: break
        case .json: out.write("[" as StaticString)
        }
    }

    /// Appends the line of header `h`, whose first matching rule is `index` (-1: none), the
    /// `number`th line of the report (0-based: the JSON form separates the lines after the first),
    /// to `out` as UTF-8.
    public func writeLine(_ h: PacketHeader, rule index: Int, number: Int, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: lines.longest + ByteText.slack) { buffer in
            let count = lines.write(h, rule: index, number: number, at: buffer.baseAddress!)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<count]))
        }
    }

    /// Writes what ends a report of `lines` lines: the JSON array's bracket.
    public func writeClosing(lines: Int, to out: ByteWriter) {
        guard format == .json else { return }
        out.write(lines == 0 ? "]\n" : "\n]\n" as StaticString)
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
