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
        var widths = headers.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            var out = indent
            for (i, cell) in cells.enumerated() where i < widths.count {
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                if i > 0 { out += "  " }
                out += alignments[i] == .right ? pad + cell : cell + pad
            }
            while out.hasSuffix(" ") { out.removeLast() }
            return out
        }
        var lines = [line(headers), indent + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        lines += rows.map(line)
        return lines.joined(separator: "\n") + "\n"
    }
}
