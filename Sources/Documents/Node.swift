/// A position in a source file: 1-based line and column.
///
/// Stored as two 32-bit numbers (clamped at 2^32 − 1): every node of a tree carries one, and
/// large inventories hold millions of nodes.
public struct Mark: Hashable, Sendable, CustomStringConvertible {
    private var storedLine: UInt32
    private var storedColumn: UInt32

    /// The 1-based line (clamped to 2^32 − 1 when stored).
    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = UInt32(clamping: newValue) }
    }
    /// The 1-based column (clamped to 2^32 − 1 when stored).
    public var column: Int {
        get { Int(storedColumn) }
        set { storedColumn = UInt32(clamping: newValue) }
    }

    /// A position; values beyond 32 bits are clamped.
    public init(line: Int, column: Int) {
        storedLine = UInt32(clamping: line)
        storedColumn = UInt32(clamping: column)
    }
    /// `LINE:COLUMN`.
    public var description: String { "\(line):\(column)" }
}

/// A YAML or JSON value as parsed, with the position of every node.
///
/// Scalars keep their text; whether they are numbers, booleans or null is decided when read,
/// by the accessor the reader asks for (Kubernetes reads YAML through JSON, so only JSON-compatible
/// spellings of `true`, `false` and `null` count, plus YAML's `~` and empty value).
///
/// Not `indirect`: nesting goes through the arrays of `Mapping` and `Sequence`, so a node is stored
/// inline in its parent's array, without a heap box of its own.
public enum Node: Sendable {
    /// A scalar: its text, typed only when read.
    case scalar(Scalar)
    /// A mapping with string keys, in source order.
    case mapping(Mapping)
    /// A sequence, in source order.
    case sequence(Sequence)

    /// Where the node starts.
    public var mark: Mark {
        switch self {
        case .scalar(let s): return s.mark
        case .mapping(let m): return m.mark
        case .sequence(let s): return s.mark
        }
    }

    /// A scalar value.
    public struct Scalar: Sendable {
        /// The text as written (escapes decoded).
        public var text: String
        /// True for YAML plain (unquoted) scalars and JSON numbers, booleans and null; false for
        /// quoted strings, which are always strings.
        public var isPlain: Bool
        /// Where the scalar starts.
        public var mark: Mark

        /// A scalar with its text as written, whether it was plain, and its position.
        public init(text: String, isPlain: Bool, mark: Mark) {
            self.text = text
            self.isPlain = isPlain
            self.mark = mark
        }

        /// Whether the scalar is null: plain `null`, `Null`, `NULL`, `~`, or empty.
        public var isNull: Bool {
            isPlain && (text.isEmpty || text == "null" || text == "~" || text == "Null" || text == "NULL")
        }
    }

    /// A mapping whose keys are strings (non-string keys are rendered as their text), in source order.
    public struct Mapping: Sendable {
        /// One key and its value, with the key's own position (so errors about a key can point at it).
        public struct Entry: Sendable {
            /// The key's text.
            public var key: String
            /// Where the key starts.
            public var keyMark: Mark
            /// The value under the key.
            public var value: Node
            /// An entry from its key, the key's position and the value.
            public init(key: String, keyMark: Mark, value: Node) {
                self.key = key
                self.keyMark = keyMark
                self.value = value
            }
        }
        /// The entries in source order. The YAML and JSON readers both reject duplicate keys.
        public var entries: [Entry]
        /// Where the mapping starts.
        public var mark: Mark

        /// A mapping of the given entries.
        public init(entries: [Entry], mark: Mark) {
            self.entries = entries
            self.mark = mark
        }

        /// The value of the first entry with this key.
        public subscript(key: String) -> Node? {
            for entry in entries where entry.key == key { return entry.value }
            return nil
        }
    }

    /// A sequence of nodes.
    public struct Sequence: Sendable {
        /// The items in source order.
        public var items: [Node]
        /// Where the sequence starts.
        public var mark: Mark
        /// A sequence of the given items.
        public init(items: [Node], mark: Mark) {
            self.items = items
            self.mark = mark
        }
    }
}

/// One document of a source file: a YAML document of a multi-document stream, or a JSON text.
public struct Document: Sendable {
    /// The file as the user named it (`-` for standard input).
    public var file: String
    /// 0-based index of the document in its file.
    public var index: Int
    /// The document's top-level node.
    public var root: Node

    /// A document of `file`, the `index`-th in it, with its root node.
    public init(file: String, index: Int, root: Node) {
        self.file = file
        self.index = index
        self.root = root
    }

    /// A cursor at the root, for typed reads with errors that name the file and position.
    public var cursor: Cursor { Cursor(node: root, file: file) }
}
