import Foundation
import InterlockCore
import Testing

/// `ByteWriter`'s CSV and JSON strings checked against references on generated strings: RFC 4180
/// fields against a plain `String`-based writer and a reader, RFC 8259 strings against Foundation's
/// `JSONSerialization`.
@Suite struct ByteWriterRFCTests {
    /// Scalars that need care in one format or the other, and plain ones.
    static let alphabet: [Unicode.Scalar] =
        (0x00...0x1F).map { Unicode.Scalar(UInt8($0)) } + [
            "\u{7F}", "\"", "\\", ",", "/", " ", "a", "Z", "0", "é", "\u{301}", "\u{2028}", "\u{FEFF}", "日", "🚀",
            "\u{10FFFF}",
        ]

    /// The scalars of `s` but U+FEFF, which swift-corelibs-foundation's `JSONSerialization` drops
    /// from the strings it reads (the writer's bytes hold it, as the UTF-8 check below shows).
    static func scalars(_ s: String) -> [Unicode.Scalar] { s.unicodeScalars.filter { $0 != "\u{FEFF}" } }

    static func strings(seed: UInt64, count: Int = 2000) -> [String] {
        var random = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            var s = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...12, using: &random) { s.append(alphabet.randomElement(using: &random)!) }
            return String(s)
        }
    }

    /// RFC 4180 §2 as a plain `String` writer: a field holding a comma, a quote, CR or LF is quoted,
    /// with its quotes doubled.
    static func referenceField(_ s: String) -> String {
        let special: Set<Unicode.Scalar> = [",", "\"", "\r", "\n"]
        guard s.unicodeScalars.contains(where: special.contains) else { return s }
        var out = String.UnicodeScalarView(["\""])
        for c in s.unicodeScalars {
            out.append(c)
            if c == "\"" { out.append(c) }
        }
        out.append("\"")
        return String(out)
    }

    /// Reads one RFC 4180 record (without its final line break) back into its fields.
    static func readRecord(_ bytes: [UInt8]) -> [String] {
        var fields: [[UInt8]] = [[]]
        var i = 0
        var quoted = false
        while i < bytes.count {
            let b = bytes[i]
            if quoted {
                if b == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\"") {
                        fields[fields.count - 1].append(b)
                        i += 1
                    } else {
                        quoted = false
                    }
                } else {
                    fields[fields.count - 1].append(b)
                }
            } else if b == UInt8(ascii: "\"") {
                quoted = true
            } else if b == UInt8(ascii: ",") {
                fields.append([])
            } else {
                fields[fields.count - 1].append(b)
            }
            i += 1
        }
        return fields.map { String(decoding: $0, as: UTF8.self) }
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func csvRowsMatchReferenceAndReadBack(seed: UInt64) {
        let strings = ByteWriterRFCTests.strings(seed: seed)
        for start in stride(from: 0, to: strings.count, by: 10) {
            let fields = Array(strings[start..<min(start + 10, strings.count)])
            let out = ByteWriter()
            out.csvRow(fields)
            let reference = fields.map(ByteWriterRFCTests.referenceField).joined(separator: ",") + "\n"
            #expect(out.bytes == Array(reference.utf8))
            #expect(
                ByteWriterRFCTests.readRecord(Array(out.bytes.dropLast())).map { Array($0.utf8) }
                    == fields.map { Array($0.utf8) })
        }
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func jsonStringsParseBackWithFoundation(seed: UInt64) throws {
        for s in ByteWriterRFCTests.strings(seed: seed) {
            let out = ByteWriter()
            out.jsonString(s)
            let parsed = try JSONSerialization.jsonObject(with: Data(out.bytes), options: .fragmentsAllowed)
            #expect((parsed as? String).map(ByteWriterRFCTests.scalars) == ByteWriterRFCTests.scalars(s))
            // RFC 8259 §7: quote, backslash and U+0000–U+001F escaped; every other scalar as UTF-8.
            #expect(!out.bytes.contains { $0 < 0x20 })
            let plain = s.unicodeScalars.filter { $0.value >= 0x20 && $0 != "\"" && $0 != "\\" }
            #expect(
                String(decoding: out.bytes, as: UTF8.self).unicodeScalars.filter { $0.value >= 0x80 }
                    .elementsEqual(plain.filter { $0.value >= 0x80 }))
        }
    }

    /// Objects whose keys and values are generated strings parse back, member for member, with Foundation.
    @Test func jsonObjectsParseBackWithFoundation() throws {
        let strings = ByteWriterRFCTests.strings(seed: 9, count: 400)
        let out = ByteWriter()
        out.arrayStart()
        for pair in stride(from: 0, to: strings.count, by: 2) {
            out.element()
            out.objectStart()
            out.field("k", strings[pair])
            out.field("v", strings[pair + 1])
            out.field("n", pair)
            out.objectEnd()
        }
        out.arrayEnd()
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(out.bytes)) as? [[String: Any]])
        #expect(parsed.count == strings.count / 2)
        for (i, object) in parsed.enumerated() {
            #expect(
                (object["k"] as? String).map(ByteWriterRFCTests.scalars) == ByteWriterRFCTests.scalars(strings[2 * i]))
            #expect(
                (object["v"] as? String).map(ByteWriterRFCTests.scalars)
                    == ByteWriterRFCTests.scalars(strings[2 * i + 1]))
            #expect(object["n"] as? Int == 2 * i)
        }
    }
}
