import Documents

/// Where an object, rule or peer was written: the file as the user named it, line and column.
///
/// Printed as `file:line`, the form explanations, lint findings and SARIF results cite.
public struct SourceLocation: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line)" }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}

extension Cursor {
    /// The position of this node as a `SourceLocation`.
    public var location: SourceLocation {
        SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    /// The position of `key` inside this mapping (the mapping's own position when absent).
    public func location(ofKey key: String) -> SourceLocation {
        let m = mark(ofKey: key)
        return SourceLocation(file: file, line: m.line, column: m.column)
    }
}
