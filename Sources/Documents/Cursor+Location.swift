import InterlockCore

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
