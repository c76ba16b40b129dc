/// Where something was defined: a file and, for documents with positions, a line and column.
/// Findings, explanations and SARIF results point at it.
public struct SourceLocation: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The file as the user named it, or a pseudo-file such as `builtin:NAME`.
    public var file: String
    /// 1-based line.
    public var line: Int
    /// 1-based column (1 when only the line is known).
    public var column: Int

    /// A location; the column defaults to the start of the line.
    public init(file: String, line: Int, column: Int = 1) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line`.
    public var description: String { "\(file):\(line)" }

    /// By file, then line, then column.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}
