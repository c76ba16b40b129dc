/// A table of text cells rendered with aligned columns, for human-readable output.
public struct TextTable: Sendable {
    /// How a column's cells line up.
    public enum Alignment: Sendable { case left, right }

    /// The column titles, printed as the first line.
    public var headers: [String]
    /// How each column's cells line up, one entry per column.
    public var alignments: [Alignment]
    /// The data rows added so far, in order.
    public private(set) var rows: [[String]] = []

    /// Creates a table; columns default to left alignment.
    public init(headers: [String], alignments: [Alignment]? = nil) {
        self.headers = headers
        self.alignments = alignments ?? Array(repeating: .left, count: headers.count)
    }

    /// Appends a row; missing trailing cells are blank.
    public mutating func append(_ row: [String]) {
        rows.append(row + Array(repeating: "", count: max(0, headers.count - row.count)))
    }

    /// The rendered table: a header line, a rule of dashes, then one line per row, columns separated
    /// by two spaces, trailing spaces trimmed. Widths count characters, not bytes.
    public func render(indent: String = "") -> String {
        let out = ByteWriter()
        write(to: out, indent: indent)
        return out.text
    }

    /// Writes `render(indent:)` to `out`, a line at a time (each line one record), without building
    /// the lines as `String`s.
    public func write(to out: ByteWriter, indent: String = "") {
        var widths = headers.map(TextTable.width)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count {
                widths[i] = max(widths[i], TextTable.width(cell))
            }
        }
        line(headers, widths: widths, indent: indent, to: out)
        out.write(indent)
        for (i, w) in widths.enumerated() {
            if i > 0 { out.write("  ") }
            out.write(repeating: UInt8(ascii: "-"), count: w)
        }
        out.write(byte: UInt8(ascii: "\n"))
        for row in rows {
            line(row, widths: widths, indent: indent, to: out)
            out.recordEnd()
        }
    }

    /// One line of cells padded to `widths`, its trailing spaces trimmed (back to the line's start).
    private func line(_ cells: [String], widths: [Int], indent: String, to out: ByteWriter) {
        let start = out.bytes.count
        out.write(indent)
        for (i, cell) in cells.enumerated() where i < widths.count {
            let pad = widths[i] - TextTable.width(cell)
            if i > 0 { out.write("  ") }
            if alignments[i] == .right { out.write(repeating: UInt8(ascii: " "), count: pad) }
            out.write(cell)
            if alignments[i] == .left { out.write(repeating: UInt8(ascii: " "), count: pad) }
        }
        out.trimTrailingSpaces(downTo: start)
        out.write(byte: UInt8(ascii: "\n"))
    }

    /// A cell's width in characters: its UTF-8 length when it is ASCII without CR (one byte, one
    /// character; CR LF is one character).
    @inline(__always)
    static func width(_ cell: String) -> Int {
        var s = cell
        let ascii = s.withUTF8 { b in b.allSatisfy { $0 < 0x80 && $0 != 0x0D } }
        return ascii ? s.utf8.count : s.count
    }
}
