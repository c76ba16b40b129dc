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
    /// with no `String` per field.
    public func writeLine(_ h: PacketHeader, rule index: Int, number: Int, to out: ByteWriter) {
        switch format {
        case .tsv:
            out.write(Int(h.source))
            out.write(byte: 0x09)
            out.write(Int(h.destination))
            out.write(byte: 0x09)
            out.write(Int(h.sourcePort))
            out.write(byte: 0x09)
            out.write(Int(h.destinationPort))
            out.write(byte: 0x09)
            out.write(Int(h.proto))
            out.write(byte: 0x09)
            out.write(index)
            out.write(byte: 0x0A)
        case .json:
            let action = index >= 0 ? acl.rules[index].action : acl.defaultAction
            out.write(number == 0 ? "\n  " : ",\n  " as StaticString)
            out.write(#"{"source":""# as StaticString)
            out.write(dottedQuad: h.source)
            out.write(#"","destination":""# as StaticString)
            out.write(dottedQuad: h.destination)
            out.write(#"","sourcePort":"# as StaticString)
            out.write(Int(h.sourcePort))
            out.write(#","destinationPort":"# as StaticString)
            out.write(Int(h.destinationPort))
            out.write(#","protocol":"# as StaticString)
            out.write(Int(h.proto))
            out.write(#","action":""# as StaticString)
            out.write(action.rawValue)
            out.write(#"","rule":"# as StaticString)
            out.write(index)
            out.write(byte: UInt8(ascii: "}"))
        case .text:
            var start = out.count
            out.write(dottedQuad: h.source)
            Self.pad(out, from: &start, to: Self.widths[0])
            out.write(dottedQuad: h.destination)
            Self.pad(out, from: &start, to: Self.widths[1])
            out.write(Int(h.sourcePort))
            Self.pad(out, from: &start, to: Self.widths[2])
            out.write(Int(h.destinationPort))
            Self.pad(out, from: &start, to: Self.widths[3])
            Self.protocolNames[Int(h.proto)].withUnsafeBufferPointer { out.append($0) }
            Self.pad(out, from: &start, to: Self.widths[4])
            if index >= 0 {
                out.write(acl.rules[index].action.rawValue)
            } else {
                out.write("default-" as StaticString)
                out.write(acl.defaultAction.rawValue)
            }
            Self.pad(out, from: &start, to: Self.widths[5])
            out.write(index)
            out.write(byte: 0x0A)
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

    /// Spaces after the cell that began at `start`, up to `width` and two more (the text form's
    /// columns: ASCII cells, so bytes are characters); `start` moves to the next cell.
    private static func pad(_ out: ByteWriter, from start: inout Int, to width: Int) {
        out.write(spaces: Swift.max(0, width - (out.count - start)) + 2)
        start = out.count
    }
}
