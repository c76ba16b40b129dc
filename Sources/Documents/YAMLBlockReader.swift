import InterlockCore

/// A reader of the plain block YAML that manifests are written in, byte by byte, giving the events
/// libyaml gives for it, into the same `YAMLConverter`; anything else it declines, and the stream
/// is then read by libyaml (`YAMLReader`).
///
/// What it reads (ASCII only, so that columns are bytes): lines of `---` alone between documents;
/// block mappings of `key: value` and `key:` (its value the block on the lines below), block
/// sequences of `- value` and `- key: value` (a compact mapping), indented or at their key's column
/// (YAML 1.2.2 §8.2.1, block sequences: https://yaml.org/spec/1.2.2/#821-block-sequences); keys
/// plain scalars, values plain scalars on one line or quoted ones without escapes. It declines a
/// stream with anything else: a tab, a carriage return, a non-ASCII byte, a blank or comment line,
/// `#`, any flow or node indicator (`[]{},&*!|>%@` and a backquote), a scalar starting with an
/// indicator or a space or ending with a space, `: ` inside a value, an empty value, a key longer
/// than libyaml's 1,024-character simple keys, an indentation libyaml would read otherwise (a
/// continuation line, a sequence at a mapping's column without its key). The events are those of
/// libyaml's scanner and parser for these forms: a mapping starts at its first key, a sequence at
/// its first `-`, a scalar at its first character (a quoted one at its quote). An error of the
/// converter (a duplicate key, a limit) also declines, so every error is libyaml's reader's.
struct YAMLBlockReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let lineOffset: Int
    private var converter: YAMLConverter
    private var documents: [Document] = []
    private var index = 0
    private let file: String

    /// An open collection: a mapping or a sequence, the column of its keys or dashes, and for a
    /// sequence whether it sits at its key's column (it ends at the next key there).
    private struct Open {
        var isMapping: Bool
        var column: Int
        var atKeyColumn: Bool
    }

    private var open: [Open] = []
    /// Whether the last line was `key:`, its value on the lines below.
    private var pendingValue = false
    /// Whether the current document has a root.
    private var rooted = false
    /// Whether a document is open.
    private var inDocument = false

    /// The documents of `bytes` (whose first line is line `firstLine` of the file) and how many
    /// documents it held, empty ones included; `nil` when the stream is not of the forms read here,
    /// or the converter finds an error.
    static func documents(
        utf8 bytes: UnsafeBufferPointer<UInt8>, file: String, limits: InputLimits, firstLine: Int
    ) -> (documents: [Document], count: Int)? {
        var reader = YAMLBlockReader(
            bytes: bytes, lineOffset: firstLine - 1,
            converter: YAMLConverter(file: file, maxAliasNodes: limits.maxAliasNodes), file: file)
        do {
            guard try reader.read() else { return nil }
        } catch {
            return nil
        }
        return (reader.documents, reader.index)
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, lineOffset: Int, converter: YAMLConverter, file: String) {
        self.bytes = bytes
        self.lineOffset = lineOffset
        self.converter = converter
        self.file = file
    }

    /// Reads every line; false to decline.
    private mutating func read() throws(InputError) -> Bool {
        var line = 0
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x0A {
                let b = bytes[end]
                guard b >= 0x20, b < 0x7F, !Self.isDeclined(b) else { return false }
                end += 1
            }
            guard try self.line(start..<end, number: line) else { return false }
            line += 1
            start = end + 1
        }
        return try endDocument()
    }

    /// Whether `b` (printable ASCII) makes the reader decline wherever it is: `#`, `[`, `]`, `{`,
    /// `}`, `,`, `&`, `*`, `!`, `|`, `>`, `%`, `@` or a backquote.
    @inline(__always)
    private static func isDeclined(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "#"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"),
            UInt8(ascii: ","), UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"), UInt8(ascii: "|"),
            UInt8(ascii: ">"), UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"):
            return true
        default: return false
        }
    }

    /// One line, `number` lines after the first; false to decline.
    private mutating func line(_ range: Range<Int>, number: Int) throws(InputError) -> Bool {
        var column = 0
        while range.lowerBound + column < range.upperBound, bytes[range.lowerBound + column] == 0x20 { column += 1 }
        let at = range.lowerBound + column
        guard at < range.upperBound, bytes[range.upperBound - 1] != 0x20 else { return false }
        let first = bytes[at]
        if first == UInt8(ascii: "-"), at + 1 < range.upperBound, bytes[at + 1] == UInt8(ascii: "-") {
            // Only `---` alone, at the start of a line.
            guard column == 0, range.count == 3, bytes[at + 2] == UInt8(ascii: "-") else { return false }
            guard try endDocument() else { return false }
            inDocument = true
            return true
        }
        if !inDocument { inDocument = true }
        if first == UInt8(ascii: "-") {
            guard at + 2 < range.upperBound, bytes[at + 1] == 0x20, bytes[at + 2] != 0x20 else { return false }
            guard try item(at: column, number: number) else { return false }
            return try content(at + 2..<range.upperBound, column: column + 2, number: number, inItem: true)
        }
        return try content(at..<range.upperBound, column: column, number: number, inItem: false)
    }

    /// A `-` at `column`: the sequence it continues or starts; false to decline.
    private mutating func item(at column: Int, number: Int) throws(InputError) -> Bool {
        if pendingValue {
            pendingValue = false
            guard let top = open.last, top.isMapping, column >= top.column else { return false }
            open.append(Open(isMapping: false, column: column, atKeyColumn: column == top.column))
            converter.start(isMapping: false, mark: mark(number, column), anchor: nil)
            return true
        }
        guard try close(beyond: column, keyAt: false), let top = open.last, !top.isMapping, top.column == column else {
            return false
        }
        return true
    }

    /// `key: value`, `key:` or a scalar item at `column` (after a `-` when `inItem`); false to decline.
    private mutating func content(_ range: Range<Int>, column: Int, number: Int, inItem: Bool) throws(InputError)
        -> Bool
    {
        guard let colon = keyEnd(range) else {
            // A scalar: an item's value only.
            guard inItem else { return false }
            return try scalar(range, column: column, number: number)
        }
        // A plain key of one to 1,024 characters, without a `:` or a space at its end.
        guard colon - range.lowerBound <= 1024, Self.startsPlain(bytes[range.lowerBound]),
            bytes[colon - 1] != 0x20, !bytes[range.lowerBound..<colon].contains(UInt8(ascii: ":"))
        else { return false }
        if inItem {
            // A compact mapping: its keys at the column after the `- `.
            open.append(Open(isMapping: true, column: column, atKeyColumn: false))
            converter.start(isMapping: true, mark: mark(number, column), anchor: nil)
        } else if pendingValue {
            pendingValue = false
            guard let top = open.last, top.isMapping, column > top.column else { return false }
            open.append(Open(isMapping: true, column: column, atKeyColumn: false))
            converter.start(isMapping: true, mark: mark(number, column), anchor: nil)
        } else if open.isEmpty {
            guard !rooted, column == 0 else { return false }
            open.append(Open(isMapping: true, column: column, atKeyColumn: false))
            converter.start(isMapping: true, mark: mark(number, column), anchor: nil)
        } else {
            guard try close(beyond: column, keyAt: true), let top = open.last, top.isMapping, top.column == column
            else {
                return false
            }
        }
        rooted = true
        try emit(range.lowerBound..<colon, plain: true, column: column, number: number)
        var value = colon + 1
        guard value < range.upperBound else {
            pendingValue = true
            return true
        }
        while bytes[value] == 0x20 { value += 1 }
        return try scalar(value..<range.upperBound, column: column + value - range.lowerBound, number: number)
    }

    /// Where the key of `range` ends: its first `:` followed by a space or the line's end; nil for
    /// a line without a key.
    private func keyEnd(_ range: Range<Int>) -> Int? {
        var at = range.lowerBound
        while at < range.upperBound {
            if bytes[at] == UInt8(ascii: ":"), at + 1 == range.upperBound || bytes[at + 1] == 0x20 { return at }
            at += 1
        }
        return nil
    }

    /// A value scalar on the rest of the line; false to decline.
    private mutating func scalar(_ range: Range<Int>, column: Int, number: Int) throws(InputError) -> Bool {
        let first = bytes[range.lowerBound]
        if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") {
            // Quoted, closed at the line's end, nothing inside to unescape.
            guard range.count >= 2, bytes[range.upperBound - 1] == first else { return false }
            let inside = range.lowerBound + 1..<range.upperBound - 1
            guard !bytes[inside].contains(first), !bytes[inside].contains(UInt8(ascii: "\\")) else { return false }
            try emit(inside, plain: false, column: column, number: number)
            return true
        }
        // Plain: no `: ` (a mapping on the line) and no `:` at its end.
        guard Self.startsPlain(first), bytes[range.upperBound - 1] != UInt8(ascii: ":"), keyEnd(range) == nil else {
            return false
        }
        guard !bytes[range].contains(UInt8(ascii: "\"")), !bytes[range].contains(UInt8(ascii: "'")) else {
            return false
        }
        try emit(range, plain: true, column: column, number: number)
        return true
    }

    /// Whether a plain scalar may start with `b`: not an indicator, not a space (the declined
    /// bytes never reach here).
    private static func startsPlain(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: "'"), UInt8(ascii: "\""), 0x20:
            return false
        default: return true
        }
    }

    private mutating func emit(_ range: Range<Int>, plain: Bool, column: Int, number: Int) throws(InputError) {
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        try converter.scalar(Node.Scalar(text: text, isPlain: plain, mark: mark(number, column)), tag: nil, anchor: nil)
    }

    /// Ends the collections a line at `column` leaves: those further right, and (for a key) a
    /// sequence at its key's column there; false to decline (a sequence there not at its key's column).
    private mutating func close(beyond column: Int, keyAt: Bool) throws(InputError) -> Bool {
        while let top = open.last, top.column > column || (keyAt && !top.isMapping && top.column == column) {
            if top.column == column && !top.atKeyColumn { return false }
            open.removeLast()
            try converter.end()
        }
        return true
    }

    /// Ends the open document, if any; false to decline (a value left empty).
    private mutating func endDocument() throws(InputError) -> Bool {
        guard !pendingValue, try close(beyond: -1, keyAt: true) else { return false }
        if inDocument {
            defer { index += 1 }
            if let root = try converter.endDocument() {
                documents.append(Document(file: file, index: index, root: root))
            }
        }
        inDocument = false
        rooted = false
        return true
    }

    private func mark(_ number: Int, _ column: Int) -> Mark {
        Mark(line: number + 1 + lineOffset, column: column + 1)
    }
}
