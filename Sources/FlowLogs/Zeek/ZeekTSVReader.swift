import Capture
import InterlockCore

/// Reads Zeek's ASCII (TSV) logs: the header lines `#separator` (escaped as `\x09`), `#set_separator`,
/// `#empty_field`, `#unset_field`, `#path`, `#open`, `#fields` and `#types`, then one record a line
/// split by the separator, with `#close` at the end (https://docs.zeek.org/en/master/log-formats.html).
/// The unset field (`-`) is a missing value and the empty field (`(empty)`) an empty set or string;
/// sets are split by the set separator. The `#fields` names are matched by name, so extra columns
/// and any order are read; `#types`, when present, must give the conn.log types of the fields used.
/// A `#path` other than `conn` is refused: other logs have no connections.
enum ZeekTSVReader {
    static let format = FlowLogFormatName("zeek", text: true)

    /// The conn.log types of the fields read.
    static let types: [String: [String]] = [
        "ts": ["time"], "id.orig_h": ["addr"], "id.orig_p": ["port"], "id.resp_h": ["addr"], "id.resp_p": ["port"],
        "proto": ["enum"], "duration": ["interval"], "orig_pkts": ["count"], "resp_pkts": ["count"],
        "orig_ip_bytes": ["count"], "resp_ip_bytes": ["count"],
    ]

    /// Every connection of the conn.log in `bytes`.
    ///
    /// - Throws: `InputError` at the line (and column) of the first bad header or record.
    static func read(_ bytes: [UInt8], file: String) throws(InputError) -> FlowLogContents {
        var separator: UInt8 = 0x09
        var unset = "-"
        var empty = "(empty)"
        var fields: [String: Int] = [:]
        var contents = FlowLogContents()
        var lineNumber = 0
        for rawLine in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = rawLine
            if line.last == 0x0D { line = line.dropLast() }
            if line.isEmpty { continue }
            if line.first == UInt8(ascii: "#") {
                // `#separator` is followed by a space; the other header lines use the separator.
                let splitter = line.starts(with: Array("#separator ".utf8)) ? 0x20 : separator
                let header = line.split(separator: splitter, maxSplits: 1)
                let name = String(decoding: header[0], as: UTF8.self)
                let rest = header.count > 1 ? Array(header[1]) : []
                switch name {
                case "#separator":
                    guard let s = unescape(rest), s.count == 1 else {
                        throw InputError(file: file, line: lineNumber, "#separator must name one byte, as \\x09")
                    }
                    separator = s[0]
                case "#unset_field": unset = String(decoding: rest, as: UTF8.self)
                case "#empty_field": empty = String(decoding: rest, as: UTF8.self)
                case "#path":
                    let path = String(decoding: rest, as: UTF8.self)
                    guard path == "conn" else {
                        throw InputError(
                            file: file, line: lineNumber, "#path is '\(path)': only conn logs hold connections")
                    }
                case "#fields":
                    let names = rest.split(separator: separator, omittingEmptySubsequences: false)
                    fields = [:]
                    for (i, n) in names.enumerated() { fields[String(decoding: n, as: UTF8.self)] = i }
                case "#types":
                    let types = rest.split(separator: separator, omittingEmptySubsequences: false).map {
                        String(decoding: $0, as: UTF8.self)
                    }
                    for (name, i) in fields {
                        guard let allowed = Self.types[name], i < types.count, !allowed.contains(types[i]) else {
                            continue
                        }
                        throw InputError(
                            file: file, line: lineNumber,
                            "field \(name) has type \(i < types.count ? types[i] : "none"), conn.log's is \(allowed[0])"
                        )
                    }
                default: break  // #set_separator, #open, #close: nothing to read from them.
                }
                continue
            }
            guard !fields.isEmpty else {
                throw InputError(file: file, line: lineNumber, "a record before the #fields header line")
            }
            let values = line.split(separator: separator, omittingEmptySubsequences: false)
            guard values.count == fields.count else {
                throw InputError(
                    file: file, line: lineNumber, "\(values.count) fields where #fields names \(fields.count)")
            }
            var starts: [Int] = []
            var column = 1
            for v in values {
                starts.append(column)
                column += v.count + 1
            }
            let record = ZeekConn(
                line: lineNumber,
                value: { name in
                    guard let i = fields[name] else { return nil }
                    let text = String(decoding: values[i], as: UTF8.self)
                    return text == unset || text == empty ? nil : text
                },
                fail: { name, message in
                    InputError(file: file, line: lineNumber, column: fields[name].map { starts[$0] }, message)
                })
            contents.flows.append(try record.flow())
            contents.records += 1
        }
        return contents
    }

    /// `\x09`-style escapes (and plain bytes) decoded.
    static func unescape(_ bytes: [UInt8]) -> [UInt8]? {
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "\\"), i + 3 < bytes.count, bytes[i + 1] == UInt8(ascii: "x"),
                let v = UInt8(String(decoding: bytes[i + 2...i + 3], as: UTF8.self), radix: 16)
            {
                out.append(v)
                i += 4
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }
}
