import InterlockCore

/// A fast RFC 8259 JSON parser producing `Node` trees with line and column marks.
///
/// Numbers, `true`, `false` and `null` become plain scalars holding their text; strings become
/// quoted scalars. Several JSON texts may follow each other (as `kubectl get -o json` piped twice
/// writes them); each becomes a document.
///
/// Where RFC 8259 leaves the parser a choice (Tests/DocumentsTests/JSONConformanceTests.swift
/// checks each): numbers of any size or precision are kept as their text (the `Cursor` accessors
/// decide what fits); a leading UTF-8 byte order mark is skipped; bytes that are not UTF-8 inside
/// strings become U+FFFD; `\u` escapes of lone surrogates are rejected; a duplicate key is an error at
/// the line and column of its second occurrence (RFC 8259 §4 leaves duplicates to the parser; a
/// manifest's meaning would depend on which one wins, and the YAML reader rejects them too); input
/// with no JSON text (empty, blank) is zero documents; nesting deeper than `Parser.maxDepth` (512)
/// arrays and objects is rejected, so that hostile input cannot overflow the stack. Columns count
/// bytes from the start of the line.
public enum JSONReader {
    /// Parses every JSON text in `bytes`. A text of at least `splitThreshold` bytes has the items of
    /// its large arrays parsed on up to `threads` threads (`inPieces`), with the documents, marks and
    /// errors of one parser.
    ///
    /// - Throws: `InputError` at the line and column of the first syntax error.
    public static func documents(_ bytes: [UInt8], file: String, threads: Int = Parallel.defaultThreads)
        throws(InputError) -> [Document]
    {
        let result: Result<[Document], InputError> = bytes.withUnsafeBufferPointer { buffer in
            let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            if threads > 1, buffer.count >= splitThreshold,
                let documents = inPieces(buffer, file: file, start: start, threads: threads)
            {
                return .success(documents)
            }
            return Result { () throws(InputError) in try parse(buffer, file: file, start: start) }
        }
        return try result.get()
    }

    /// Parses every JSON text in `buffer` from `start` (past a byte order mark), taking the arrays of
    /// `spliced` as read when the parser reaches them.
    static func parse(_ buffer: UnsafeBufferPointer<UInt8>, file: String, start: Int, spliced: [Int: Spliced] = [:])
        throws(InputError) -> [Document]
    {
        var parser = Parser(bytes: buffer, file: file)
        parser.position = start
        parser.lineStart = start
        parser.spliced = spliced
        var out: [Document] = []
        parser.skipWhitespace()
        while parser.position < buffer.count {
            let root = try parser.value(depth: 0)
            if case .scalar(let s) = root, s.isPlain { try parser.expectTokenEnd() }
            out.append(Document(file: file, index: out.count, root: root))
            parser.skipWhitespace()
        }
        return out
    }

    /// The byte-level parser state.
    ///
    /// Invariants: `position <= bytes.count`; `lineStart <= position` is the offset of the first
    /// byte of the current line; `line` counts the newlines before `position`, plus one. `bytes`
    /// is valid only inside `documents`' `withUnsafeBufferPointer`, where the parser lives.
    struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        let file: String
        var position = 0
        var line = 1
        var lineStart = 0
        /// Arrays read ahead (`JSONReader.inPieces`), by the offset of their `[`.
        var spliced: [Int: Spliced] = [:]

        init(bytes: UnsafeBufferPointer<UInt8>, file: String) {
            self.bytes = bytes
            self.file = file
        }

        /// The deepest nesting of arrays and objects accepted: the parser recurses once per level,
        /// and 512 levels fit in the stack of any thread (finite like Python's and Go's limits).
        static let maxDepth = 512

        /// Objects with up to this many keys find duplicates by a linear search, larger ones by a set.
        static let linearKeyLimit = 8

        var mark: Mark { Mark(line: line, column: position - lineStart + 1) }

        func fail(_ message: String) -> InputError {
            InputError(file: file, line: line, column: position - lineStart + 1, "invalid JSON: \(message)")
        }

        mutating func skipWhitespace() {
            while position < bytes.count {
                switch bytes[position] {
                case 0x20, 0x09, 0x0D: position += 1
                case 0x0A:
                    position += 1
                    line += 1
                    lineStart = position
                default: return
                }
            }
        }

        mutating func value(depth: Int) throws(InputError) -> Node {
            guard depth < Parser.maxDepth else { throw fail("nesting deeper than \(Parser.maxDepth)") }
            skipWhitespace()
            guard position < bytes.count else { throw fail("unexpected end of input") }
            let start = mark
            switch bytes[position] {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""):
                return .scalar(Node.Scalar(text: try string(), isPlain: false, mark: start))
            case UInt8(ascii: "t"): return try literal("true", start)
            case UInt8(ascii: "f"): return try literal("false", start)
            case UInt8(ascii: "n"): return try literal("null", start)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number(start)
            default: throw unexpectedCharacter()
            }
        }

        /// The error for the byte at `position`, which no JSON value starts with.
        func unexpectedCharacter() -> InputError {
            fail("unexpected character '\(Character(Unicode.Scalar(bytes[position])))'")
        }

        /// A number or literal that is a whole JSON text must not run into the next text: `true1`
        /// and `1-2` are malformed, not two documents each. Inside arrays and objects the `,` and
        /// `:` that must follow reject these already.
        func expectTokenEnd() throws(InputError) {
            guard position < bytes.count else { return }
            switch bytes[position] {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."):
                throw unexpectedCharacter()
            default: return
            }
        }

        mutating func literal(_ word: StaticString, _ start: Mark) throws(InputError) -> Node {
            let count = word.utf8CodeUnitCount
            guard position + count <= bytes.count else { throw fail("unexpected end of input") }
            let ok = word.withUTF8Buffer { w in
                (0..<count).allSatisfy { bytes[position + $0] == w[$0] }
            }
            guard ok else { throw fail("invalid literal") }
            position += count
            return .scalar(Node.Scalar(text: word.description, isPlain: true, mark: start))
        }

        mutating func number(_ start: Mark) throws(InputError) -> Node {
            let begin = position
            if bytes[position] == UInt8(ascii: "-") { position += 1 }
            func digits(_ p: inout Int) -> Int {
                let s = p
                while p < bytes.count, bytes[p] >= 0x30, bytes[p] <= 0x39 { p += 1 }
                return p - s
            }
            let intDigits = digits(&position)
            guard intDigits > 0 else { throw fail("invalid number") }
            if intDigits > 1, bytes[position - intDigits] == 0x30 { throw fail("leading zero in number") }
            if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
                position += 1
                guard digits(&position) > 0 else { throw fail("invalid number") }
            }
            if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
                position += 1
                if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-")
                {
                    position += 1
                }
                guard digits(&position) > 0 else { throw fail("invalid number") }
            }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[begin..<position]), as: UTF8.self)
            return .scalar(Node.Scalar(text: text, isPlain: true, mark: start))
        }

        mutating func string() throws(InputError) -> String {
            position += 1  // opening quote
            let begin = position
            // Fast path: no escapes.
            while position < bytes.count {
                let b = bytes[position]
                if b == UInt8(ascii: "\"") {
                    let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[begin..<position]), as: UTF8.self)
                    position += 1
                    return s
                }
                if b == UInt8(ascii: "\\") { break }
                if b < 0x20 { throw fail("control character in string") }
                position += 1
            }
            var out = Array(bytes[begin..<position])
            while position < bytes.count {
                let b = bytes[position]
                switch b {
                case UInt8(ascii: "\""):
                    position += 1
                    return String(decoding: out, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    let escape = position
                    position += 1
                    guard position < bytes.count else { throw fail("unterminated string") }
                    let e = bytes[position]
                    position += 1
                    switch e {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"):
                        var scalar = try hex4()
                        if (0xD800..<0xDC00).contains(scalar) {
                            guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                                bytes[position + 1] == UInt8(ascii: "u")
                            else { throw fail("lone surrogate") }
                            position += 2
                            let low = try hex4()
                            guard (0xDC00..<0xE000).contains(low) else { throw fail("bad surrogate pair") }
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else if (0xDC00..<0xE000).contains(scalar) {
                            throw fail("lone surrogate")
                        }
                        guard let u = Unicode.Scalar(scalar) else { throw fail("invalid escape") }
                        out += Array(String(Character(u)).utf8)
                    default:
                        // At the backslash: the escaped byte may be a newline, which `line` has not counted.
                        position = escape
                        throw fail("invalid escape '\\\(Character(Unicode.Scalar(e)))'")
                    }
                default:
                    if b < 0x20 { throw fail("control character in string") }
                    out.append(b)
                    position += 1
                }
            }
            throw fail("unterminated string")
        }

        mutating func hex4() throws(InputError) -> UInt32 {
            guard position + 4 <= bytes.count else { throw fail("truncated \\u escape") }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let b = bytes[position]
                let d: UInt32
                switch b {
                case 0x30...0x39: d = UInt32(b - 0x30)
                case 0x41...0x46: d = UInt32(b - 0x41 + 10)
                case 0x61...0x66: d = UInt32(b - 0x61 + 10)
                default: throw fail("invalid \\u escape")
                }
                v = v << 4 | d
                position += 1
            }
            return v
        }

        mutating func array(depth: Int) throws(InputError) -> Node {
            let start = mark
            if !spliced.isEmpty, let read = spliced.removeValue(forKey: position) {
                guard read.depth == depth + 1, read.line == line, read.lineStart == lineStart else {
                    throw fail("an array read ahead in another state")
                }
                position = read.close + 1
                line = read.closeLine
                lineStart = read.closeLineStart
                return .sequence(Node.Sequence(items: read.items, mark: start))
            }
            position += 1
            var items: [Node] = []
            skipWhitespace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
                position += 1
                return .sequence(Node.Sequence(items: items, mark: start))
            }
            while true {
                items.append(try value(depth: depth + 1))
                skipWhitespace()
                guard position < bytes.count else { throw fail("unterminated array") }
                if bytes[position] == UInt8(ascii: ",") {
                    position += 1
                    continue
                }
                if bytes[position] == UInt8(ascii: "]") {
                    position += 1
                    break
                }
                throw fail("expected ',' or ']'")
            }
            return .sequence(Node.Sequence(items: items, mark: start))
        }

        mutating func object(depth: Int) throws(InputError) -> Node {
            let start = mark
            position += 1
            var entries: [Node.Mapping.Entry] = []
            var seen: Set<String> = []
            skipWhitespace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
                position += 1
                return .mapping(Node.Mapping(entries: entries, mark: start))
            }
            while true {
                skipWhitespace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                    throw fail("expected a string key")
                }
                let keyMark = mark
                let key = try string()
                if seen.contains(key) || (seen.isEmpty && entries.contains { $0.key == key }) {
                    let first = entries.first { $0.key == key }?.keyMark.line ?? keyMark.line
                    throw InputError(
                        file: file, line: keyMark.line, column: keyMark.column,
                        "invalid JSON: duplicate key '\(InputError.excerpt(key))' (first at line \(first))")
                }
                // Small objects are searched in place; past a few keys a set keeps wide objects linear.
                if entries.count == Parser.linearKeyLimit { seen = Set(entries.map(\.key)) }
                if entries.count >= Parser.linearKeyLimit { seen.insert(key) }
                skipWhitespace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw fail("expected ':'") }
                position += 1
                let v = try value(depth: depth + 1)
                entries.append(Node.Mapping.Entry(key: key, keyMark: keyMark, value: v))
                skipWhitespace()
                guard position < bytes.count else { throw fail("unterminated object") }
                if bytes[position] == UInt8(ascii: ",") {
                    position += 1
                    continue
                }
                if bytes[position] == UInt8(ascii: "}") {
                    position += 1
                    break
                }
                throw fail("expected ',' or '}'")
            }
            return .mapping(Node.Mapping(entries: entries, mark: start))
        }
    }
}
