import CLibYAML
import InterlockCore

/// Reads YAML streams (one or more documents) into `Node` trees, from libyaml's event stream.
///
/// Each event goes straight into the tree (`YAMLConverter`), without an intermediate node graph:
/// scalars keep their text as written and whether they were plain; marks are libyaml's (1-based
/// lines, columns in characters).
public enum YAMLReader {
    /// Parses every document of `text`. Empty documents (a trailing `---`, comments only) are
    /// skipped. Errors name `file`, line and column. Aliases are expanded within `limits`
    /// (`YAMLConverter`).
    ///
    /// A large stream is parsed in pieces on up to `threads` threads when that gives the same
    /// documents (`documents(utf8:file:limits:threads:)`).
    public static func documents(
        _ text: String, file: String, limits: InputLimits = .current, threads: Int = Parallel.defaultThreads
    ) throws(InputError) -> [Document] {
        var text = text
        let result = text.withUTF8 { bytes in
            Result { () throws(InputError) in try documents(utf8: bytes, file: file, limits: limits, threads: threads) }
        }
        return try result.get()
    }

    /// Parses every document of `bytes`, valid UTF-8 text whose first line is line `firstLine` of
    /// the file; see `documents(_:file:limits:)`. Returns the documents and how many documents the
    /// stream held, empty ones included (the next piece's first index).
    /// The stream is read by `YAMLBlockReader` when it holds only the block forms that reader
    /// reads, else by libyaml (`libyamlDocuments`).
    static func documents(
        utf8 bytes: UnsafeBufferPointer<UInt8>, file: String, limits: InputLimits, firstLine: Int = 1
    ) throws(InputError) -> (documents: [Document], count: Int) {
        if let read = YAMLBlockReader.documents(utf8: bytes, file: file, limits: limits, firstLine: firstLine) {
            return read
        }
        return try libyamlDocuments(utf8: bytes, file: file, limits: limits, firstLine: firstLine)
    }

    /// `documents(utf8:file:limits:firstLine:)` through libyaml's event stream.
    static func libyamlDocuments(
        utf8 bytes: UnsafeBufferPointer<UInt8>, file: String, limits: InputLimits, firstLine: Int = 1
    ) throws(InputError) -> (documents: [Document], count: Int) {
        let lineOffset = firstLine - 1
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) == 1 else { throw InputError(file: file, "invalid YAML: out of memory") }
        defer { yaml_parser_delete(parser) }
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(parser, bytes.baseAddress, bytes.count)
        var converter = YAMLConverter(file: file, maxAliasNodes: limits.maxAliasNodes)
        var out: [Document] = []
        var index = 0
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(parser, &event) == 1 else { throw error(parser.pointee, file: file, bytes) }
            defer { yaml_event_delete(&event) }
            switch event.type {
            case YAML_STREAM_END_EVENT: return (out, index)
            case YAML_DOCUMENT_END_EVENT:
                defer { index += 1 }
                guard let root = try converter.endDocument() else { continue }
                if case .scalar(let s) = root, s.isNull { continue }
                out.append(Document(file: file, index: index, root: root))
            case YAML_SCALAR_EVENT:
                let data = event.data.scalar
                let text = String(decoding: UnsafeBufferPointer(start: data.value, count: data.length), as: UTF8.self)
                let scalar = Node.Scalar(
                    text: text, isPlain: data.style == YAML_PLAIN_SCALAR_STYLE, mark: mark(event.start_mark, lineOffset)
                )
                // A tag counts only where written (both implicit flags clear); `!!str` is the default.
                let tag = data.plain_implicit == 0 && data.quoted_implicit == 0 ? string(data.tag) : nil
                try converter.scalar(
                    scalar, tag: tag == "tag:yaml.org,2002:str" ? nil : tag, anchor: string(data.anchor))
            case YAML_ALIAS_EVENT:
                try converter.alias(string(event.data.alias.anchor) ?? "", at: mark(event.start_mark, lineOffset))
            case YAML_SEQUENCE_START_EVENT:
                converter.start(
                    isMapping: false, mark: mark(event.start_mark, lineOffset),
                    anchor: string(event.data.sequence_start.anchor))
            case YAML_MAPPING_START_EVENT:
                converter.start(
                    isMapping: true, mark: mark(event.start_mark, lineOffset),
                    anchor: string(event.data.mapping_start.anchor))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT: try converter.end()
            default: continue
            }
        }
    }

    private static func mark(_ m: yaml_mark_t, _ lineOffset: Int = 0) -> Mark {
        Mark(line: Int(m.line) + 1 + lineOffset, column: Int(m.column) + 1)
    }

    private static func string(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        p.map { String(cString: $0) }
    }

    /// libyaml's error as an `InputError`: `invalid YAML: CONTEXT PROBLEM` at the problem's
    /// position, never past the end of the input.
    private static func error(
        _ parser: yaml_parser_t, file: String, _ bytes: UnsafeBufferPointer<UInt8>
    ) -> InputError {
        let problem = parser.problem.map { String(cString: $0) } ?? "out of memory"
        switch parser.error {
        case YAML_SCANNER_ERROR, YAML_PARSER_ERROR, YAML_COMPOSER_ERROR:
            let context = parser.context.map { String(cString: $0) + " " } ?? ""
            let at = mark(parser.problem_mark)
            return atMostAtTheEnd(
                InputError(file: file, line: at.line, column: at.column, "invalid YAML: \(context)\(problem)"),
                of: bytes)
        case YAML_READER_ERROR:
            // libyaml's reader counts bytes from the start: the line and column (in characters, as
            // libyaml's marks count them) of that byte.
            let before = UnsafeBufferPointer(rebasing: bytes[..<min(parser.problem_offset, bytes.count)])
            let lineStart = (before.lastIndex(of: 0x0A) ?? -1) + 1
            let column = before[lineStart...].reduce(1) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 }
            return atMostAtTheEnd(
                InputError(file: file, line: lines(before), column: column, "invalid YAML: \(problem)"), of: bytes)
        default:
            return InputError(file: file, "invalid YAML: \(problem)")
        }
    }

    /// The number of lines `bytes` starts (newlines plus one).
    private static func lines(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        bytes.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
    }

    /// `error` moved to the end of `bytes` when libyaml marks it past the end (on the line after the
    /// last, where it reports an unexpected end of input), so that every position is inside the input.
    private static func atMostAtTheEnd(_ error: InputError, of bytes: UnsafeBufferPointer<UInt8>) -> InputError {
        guard let line = error.line else { return error }
        let count = lines(bytes)
        guard line > count else { return error }
        var moved = error
        moved.line = count
        let lastLine = bytes[((bytes.lastIndex(of: 0x0A) ?? -1) + 1)...]
        moved.column = lastLine.reduce(1) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 }
        return moved
    }
}
