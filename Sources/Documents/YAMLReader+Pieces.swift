import InterlockCore

extension YAMLReader {
    /// Inputs smaller than this are read by one parser: splitting would cost more than it saves.
    static let splitThreshold = 1 << 20

    /// Parses `bytes` in pieces on up to `threads` threads when that gives what one parser gives,
    /// else as one piece; see `documents(_:file:limits:)`.
    ///
    /// A stream splits only at a line that starts a document (`---` alone or followed by a blank):
    /// YAML 1.2.2 forbids such a line inside any node (§9.1.2, `c-forbidden`), so every document lies
    /// within one piece, and each piece's marks are its lines' in the whole text. A stream that
    /// `readsInPieces` refuses (anchors and aliases could refer across pieces, and their nodes count
    /// against one limit for the file; a directive belongs to the document after it) is read as one
    /// piece, as is any stream one of whose pieces fails: the error is then the one a single parser
    /// reports.
    static func documents(
        utf8 bytes: UnsafeBufferPointer<UInt8>, file: String, limits: InputLimits, threads: Int
    ) throws(InputError) -> [Document] {
        let starts = threads > 1 && bytes.count >= splitThreshold ? pieces(of: bytes, count: threads) : [0]
        guard starts.count > 1 else { return try documents(utf8: bytes, file: file, limits: limits).documents }
        let ends = Array(starts.dropFirst()) + [bytes.count]
        let parsed = Parallel.map(starts.count, threads: threads) { i in
            let piece = UnsafeBufferPointer(rebasing: bytes[starts[i]..<ends[i]])
            let firstLine = i == 0 ? 1 : 1 + bytes[..<starts[i]].reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
            return Result { () throws(InputError) in
                try documents(utf8: piece, file: file, limits: limits, firstLine: firstLine)
            }
        }
        var out: [Document] = []
        var index = 0
        for result in parsed {
            guard case .success(let piece) = result else {
                return try documents(utf8: bytes, file: file, limits: limits).documents
            }
            out += piece.documents.map { document in
                var document = document
                document.index += index
                return document
            }
            index += piece.count
        }
        return out
    }

    /// Where the pieces of `bytes` start: 0, then up to `count - 1` offsets of document-start lines
    /// near equal shares; only 0 when the stream must be read whole (see `documents(utf8:…threads:)`).
    static func pieces(of bytes: UnsafeBufferPointer<UInt8>, count: Int) -> [Int] {
        guard readsInPieces(bytes) else { return [0] }
        var starts = [0]
        for share in 1..<count {
            var at = max(starts[starts.count - 1] + 1, bytes.count * share / count)
            while at < bytes.count, !isDocumentStart(bytes, at) { at += 1 }
            if at < bytes.count { starts.append(at) }
        }
        return starts
    }

    /// Whether `bytes` may be read in pieces: no `&` or `*` anywhere, and no line that starts with
    /// `%` (a directive), `|` or `>` (a block scalar at the root, whose lines may start anywhere) or
    /// with `---` followed by anything but blanks and a comment (such as a root block scalar's `--- |`).
    static func readsInPieces(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var at = 0
        while at < bytes.count {
            switch bytes[at] {
            case UInt8(ascii: "%"), UInt8(ascii: "|"), UInt8(ascii: ">"): return false
            case UInt8(ascii: "-") where isDocumentStart(bytes, at) && !blankAfterMarker(bytes, at + 3): return false
            default: break
            }
            // The rest of the line.
            while at < bytes.count {
                let byte = bytes[at]
                if byte == UInt8(ascii: "&") || byte == UInt8(ascii: "*") { return false }
                at += 1
                if byte == 0x0A { break }
            }
        }
        return true
    }

    /// Whether the line holds only blanks, and perhaps a comment, from `at` on.
    private static func blankAfterMarker(_ bytes: UnsafeBufferPointer<UInt8>, _ at: Int) -> Bool {
        var at = at
        while at < bytes.count, bytes[at] == 0x20 || bytes[at] == 0x09 { at += 1 }
        return at == bytes.count || [0x0A, 0x0D, UInt8(ascii: "#")].contains(bytes[at])
    }

    /// Whether a line starting with `---` followed by a blank or its end starts at `at`.
    static func isDocumentStart(_ bytes: UnsafeBufferPointer<UInt8>, _ at: Int) -> Bool {
        guard at == 0 || bytes[at - 1] == 0x0A, at + 3 <= bytes.count,
            bytes[at] == UInt8(ascii: "-"), bytes[at + 1] == UInt8(ascii: "-"), bytes[at + 2] == UInt8(ascii: "-")
        else { return false }
        return at + 3 == bytes.count || [0x20, 0x09, 0x0A, 0x0D].contains(bytes[at + 3])
    }
}
