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

    public init(acl: ACL, format: Format) {
        self.acl = acl
        self.format = format
    }

    /// Writes what comes before the first line: the text form's column titles, the JSON array's bracket.
    public func writeOpening(to out: ByteWriter) {
        switch format {
        case .text: out.write(Self.textLine(["SOURCE", "DESTINATION", "SPORT", "DPORT", "PROTO", "ACTION", "RULE"]))
        case .tsv: break
        case .json: out.write("[" as StaticString)
        }
    }

    /// Writes the line of header `h`, whose first matching rule is `index` (-1: none), the
    /// `number`th line of the report (0-based: the JSON form separates the lines after the first),
    /// to `out` as UTF-8, byte by byte (decimal numbers and dotted quads by hand, inlined here, so
    /// that millions of lines cost no `String` and no call per field).
    public func writeLine(_ h: PacketHeader, rule index: Int, number: Int, to out: inout [UInt8]) {
        switch format {
        case .tsv:
            out.appendDecimal(UInt64(h.source))
            out.append(0x09)
            out.appendDecimal(UInt64(h.destination))
            out.append(0x09)
            out.appendDecimal(UInt64(h.sourcePort))
            out.append(0x09)
            out.appendDecimal(UInt64(h.destinationPort))
            out.append(0x09)
            out.appendDecimal(UInt64(h.proto))
            out.append(0x09)
            out.appendDecimal(index)
            out.append(0x0A)
        case .json:
            let action = index >= 0 ? acl.rules[index].action : acl.defaultAction
            out += (number == 0 ? "\n  " : ",\n  ").utf8
            out += #"{"source":""#.utf8
            out.appendDottedQuad(h.source)
            out += #"","destination":""#.utf8
            out.appendDottedQuad(h.destination)
            out += #"","sourcePort":"#.utf8
            out.appendDecimal(UInt64(h.sourcePort))
            out += #","destinationPort":"#.utf8
            out.appendDecimal(UInt64(h.destinationPort))
            out += #","protocol":"#.utf8
            out.appendDecimal(UInt64(h.proto))
            out += #","action":""#.utf8
            out += action.rawValue.utf8
            out += #"","rule":"#.utf8
            out.appendDecimal(index)
            out.append(UInt8(ascii: "}"))
        case .text:
            var start = out.count
            out.appendDottedQuad(h.source)
            out.pad(from: &start, to: Self.widths[0])
            out.appendDottedQuad(h.destination)
            out.pad(from: &start, to: Self.widths[1])
            out.appendDecimal(UInt64(h.sourcePort))
            out.pad(from: &start, to: Self.widths[2])
            out.appendDecimal(UInt64(h.destinationPort))
            out.pad(from: &start, to: Self.widths[3])
            out += Self.protocolNames[Int(h.proto)]
            out.pad(from: &start, to: Self.widths[4])
            if index >= 0 {
                out += acl.rules[index].action.rawValue.utf8
            } else {
                out += "default-".utf8
                out += acl.defaultAction.rawValue.utf8
            }
            out.pad(from: &start, to: Self.widths[5])
            out.appendDecimal(index)
            out.append(0x0A)
        }
    }

    /// Writes what ends a report of `lines` lines: the JSON array's bracket.
    public func writeClosing(lines: Int, to out: ByteWriter) {
        guard format == .json else { return }
        out.write(lines == 0 ? "]\n" : "\n]\n" as StaticString)
    }

    /// `IPProtocol`'s name of every protocol number, as UTF-8.
    static let protocolNames: [[UInt8]] = (0...255).map { Array(IPProtocol(rawValue: UInt8($0)).description.utf8) }

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

extension [UInt8] {
    /// Spaces after the cell that began at `start`, up to `width` and two more (the text form's
    /// columns: ASCII cells, so bytes are characters); `start` moves to the next cell.
    fileprivate mutating func pad(from start: inout Int, to width: Int) {
        for _ in 0..<(Swift.max(0, width - (count - start)) + 2) { append(0x20) }
        start = count
    }
}
