import InterlockCore

extension JSONReader {
    /// Inputs smaller than this are read by one parser: splitting would cost more than it saves.
    static let splitThreshold = 1 << 20

    /// Bytes of consecutive items parsed as one unit of parallel work.
    static let batchBytes = 1 << 18

    /// An array whose items are parsed apart, found by `ItemScan`: where it opens and closes, and
    /// where each item starts with the parser's line state there.
    struct SplitArray {
        /// The offset of `[`.
        var open: Int
        /// The offset of the `]` that closes it (valid once the scan met it).
        var close = -1
        /// The nesting depth the parser reads the items at: the containers around an item, this one included.
        var depth: Int
        /// Where each item's text starts (after `[` or `,`), with `line` and `lineStart` as the
        /// parser has them there; item `i` ends at `starts[i + 1] - 1` (its `,`) or at `close`.
        var starts: [Int] = []
        var lines: [Int] = []
        var lineStarts: [Int] = []
        /// The parser's line state at `close`.
        var closeLine = 0
        var closeLineStart = 0

        /// Where item `i` ends: the `,` after it, or the closing `]`.
        func end(_ i: Int) -> Int { i + 1 < starts.count ? starts[i + 1] - 1 : close }
    }

    /// An array read ahead of the parser that meets it, with the parser state it was read for.
    struct Spliced {
        var items: [Node]
        var depth: Int
        var line: Int
        var lineStart: Int
        var close: Int
        var closeLine: Int
        var closeLineStart: Int
    }

    /// Parses `bytes` with the items of its large arrays (a root array, or an array directly in a
    /// root object, as a `kind: List`'s `items`) parsed on up to `threads` threads; `nil` when that
    /// does not give what one parser gives (any error: the caller then parses the whole text, so
    /// that the error is exactly one parser's).
    ///
    /// One pass over the bytes (`scan`) finds the items' boundaries, tracking strings, escapes and
    /// nesting as RFC 8259 defines them, and each item's line and line start. Each item is then
    /// parsed from its first byte with that state, must end at its `,` or `]`, and the parser that
    /// reads the rest takes the items in place of the array when it reaches its `[` in the state the
    /// scan predicted. Since a JSON text that parses holds newlines only between tokens, every mark
    /// is the one parser's.
    static func inPieces(_ bytes: UnsafeBufferPointer<UInt8>, file: String, start: Int, threads: Int)
        -> [Document]?
    {
        let arrays = scan(bytes, from: start)
        guard !arrays.isEmpty else { return nil }
        // Batches of consecutive items of one array, about `batchBytes` each.
        var batches: [(array: Int, items: Range<Int>)] = []
        for (a, array) in arrays.enumerated() {
            var first = 0
            for i in 0..<array.starts.count where array.end(i) - array.starts[first] >= batchBytes {
                batches.append((a, first..<i + 1))
                first = i + 1
            }
            if first < array.starts.count { batches.append((a, first..<array.starts.count)) }
        }
        let parsed = Parallel.map(batches.count, threads: threads) { b in
            let array = arrays[batches[b].array]
            return Result { () throws(InputError) in
                var parser = Parser(bytes: bytes, file: file)
                return try batches[b].items.map { i throws(InputError) in
                    parser.position = array.starts[i]
                    parser.line = array.lines[i]
                    parser.lineStart = array.lineStarts[i]
                    let node = try parser.value(depth: array.depth)
                    parser.skipWhitespace()
                    guard parser.position == array.end(i) else {
                        throw parser.fail("item does not end at its delimiter")
                    }
                    return node
                }
            }
        }
        var items = [[Node]](repeating: [], count: arrays.count)
        for (b, result) in parsed.enumerated() {
            guard case .success(let nodes) = result else { return nil }
            items[batches[b].array] += nodes
        }
        var spliced: [Int: Spliced] = [:]
        for (a, array) in arrays.enumerated() {
            spliced[array.open] = Spliced(
                items: items[a], depth: array.depth, line: array.lines[0], lineStart: array.lineStarts[0],
                close: array.close, closeLine: array.closeLine, closeLineStart: array.closeLineStart)
        }
        return try? parse(bytes, file: file, start: start, spliced: spliced)
    }

    /// The arrays at nesting depth 1 or 2 (a root array, or an array directly in a root object) with
    /// at least two items, closed by `]`, in the order they open; none when the nesting does not
    /// balance. Strings are skipped as RFC 8259 §7 delimits them (a `\` escapes the next byte).
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> [SplitArray] {
        var out: [SplitArray] = []
        // The array being scanned at depth 1 and 2 (an index into `out`), or -1 for an object.
        var open = [-1, -1, -1]
        var depth = 0
        var line = 1
        var lineStart = start
        var at = start
        let count = bytes.count
        while at < count {
            let byte = bytes[at]
            switch byte {
            case 0x0A:
                line += 1
                lineStart = at + 1
            case UInt8(ascii: "\""):
                at += 1
                while at < count, bytes[at] != UInt8(ascii: "\"") {
                    if bytes[at] == UInt8(ascii: "\\") { at += 1 }
                    at += 1
                }
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth <= 2 {
                    open[depth] = -1
                    if byte == UInt8(ascii: "[") {
                        open[depth] = out.count
                        var array = SplitArray(open: at, depth: depth)
                        array.starts = [at + 1]
                        array.lines = [line]
                        array.lineStarts = [lineStart]
                        out.append(array)
                    }
                }
            case UInt8(ascii: ","):
                if depth <= 2, depth > 0, open[depth] >= 0 {
                    out[open[depth]].starts.append(at + 1)
                    out[open[depth]].lines.append(line)
                    out[open[depth]].lineStarts.append(lineStart)
                }
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                guard depth > 0 else { return [] }
                if depth <= 2, open[depth] >= 0, byte == UInt8(ascii: "]") {
                    out[open[depth]].close = at
                    out[open[depth]].closeLine = line
                    out[open[depth]].closeLineStart = lineStart
                }
                depth -= 1
            default: break
            }
            at += 1
        }
        return out.filter { $0.close >= 0 && $0.starts.count >= 2 }
    }
}
