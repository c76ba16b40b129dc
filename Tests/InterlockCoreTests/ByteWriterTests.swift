import InterlockCore
import Testing

/// The byte writer gives the bytes of the `String` renderers it replaces: RFC 4180 fields as
/// `CSV.field` quotes them, JSON as `JSON.serialized()` lays it out, integers as `String(_:)`.
@Suite struct ByteWriterTests {
    /// Quotes, commas, line breaks, tabs, control characters, non-ASCII and combining marks.
    static let awkward = [
        "", "plain", "a,b", "say \"hi\"", "\"", "\"\"", "line\nbreak", "cr\rhere", "tab\there", "\u{1}\u{1f}\u{7f}",
        "é, ü", "日本語", "emoji 🚀,\"x\"", "back\\slash", "e\u{301}", ",", "trailing,",
    ]

    @Test(arguments: awkward) func csvFieldMatchesCSVField(_ s: String) {
        let out = ByteWriter()
        out.csvField(s)
        #expect(out.text == CSV.field(s))
    }

    /// Where `CSV.field` sees one `Character` (CR LF, a quote with a combining mark), the byte test
    /// still quotes as RFC 4180 requires: the field reads back as itself.
    @Test func csvQuotesByBytes() {
        let out = ByteWriter()
        out.csvRow(["a\r\nb", "\"\u{301}", "x"])
        #expect(out.text == "\"a\r\nb\",\"\"\"\u{301}\",x\n")
    }

    @Test func csvRowMatchesCSVRow() {
        let out = ByteWriter()
        out.csvRow(ByteWriterTests.awkward)
        #expect(out.text == CSV.row(ByteWriterTests.awkward) + "\n")
    }

    /// TSV fields (without tabs or line breaks) read back by splitting at tabs.
    @Test func tsvRowSplitsBackIntoItsFields() {
        let fields = ByteWriterTests.awkward.filter { !$0.contains(where: { $0 == "\t" || $0.isNewline }) }
        let out = ByteWriter()
        out.tsvRow(fields)
        #expect(out.text.hasSuffix("\n"))
        #expect(out.text.dropLast().split(separator: "\t", omittingEmptySubsequences: false).map(String.init) == fields)
    }

    @Test(arguments: [0, 7, -7, 10, 99, 100, 65_535, -1_000_000, Int.max, Int.min, Int(Int32.min)])
    func integersAsStringWritesThem(_ v: Int) {
        let out = ByteWriter()
        out.write(v)
        out.write(byte: UInt8(ascii: " "))
        out.write(v, width: 25)
        let padded = String(repeating: "0", count: max(0, 25 - String(v.magnitude).count)) + String(v.magnitude)
        #expect(out.text == String(v) + " " + (v < 0 ? "-" : "") + padded)
        #expect(JSON.int(v).serialized(pretty: false) == String(v))
    }

    /// A document with nested, empty and awkward members, streamed and built as a value.
    @Test func streamedJSONMatchesSerializedValue() {
        let value: JSON = .object(
            [
                ("empty", .array([])), ("nothing", .object([])), ("null", .null), ("flag", .bool(false)),
                ("numbers", .array([.int(-3), .int(0), .int(Int.max)])),
            ] + ByteWriterTests.awkward.enumerated().map { ("k\($0.offset) \($0.element)", .string($0.element)) }
                + [("nested", .object([("list", .array([.object([("a", .int(1))]), .array([])]))]))])
        let out = ByteWriter()
        out.objectStart()
        out.key("empty")
        out.arrayStart()
        out.arrayEnd()
        out.key("nothing")
        out.objectStart()
        out.objectEnd()
        out.field("null", nil as Int?)
        out.key("flag")
        out.jsonBool(false)
        out.key("numbers")
        out.arrayStart()
        for v in [-3, 0, Int.max] {
            out.element()
            out.write(v)
        }
        out.arrayEnd()
        for (i, s) in ByteWriterTests.awkward.enumerated() { out.field("k\(i) \(s)", s) }
        out.key("nested")
        out.json(.object([("list", .array([.object([("a", .int(1))]), .array([])]))]))
        out.objectEnd()
        out.write(byte: UInt8(ascii: "\n"))
        #expect(out.text == value.serialized())
    }

    /// A writer with a sink hands on pieces of at least `chunk` bytes, cut at record ends, and the
    /// rest on `finish()`; together they are the bytes a collecting writer keeps.
    @Test func sinkGetsLargePiecesCutAtRecords() {
        var pieces: [[UInt8]] = []
        let streamed = ByteWriter(chunk: 100) { pieces.append(Array($0)) }
        let kept = ByteWriter()
        for writer in [streamed, kept] {
            for i in 0..<1000 {
                writer.csvRow([String(i), "row \"\(i)\"", "é"])
                writer.recordEnd()
            }
            writer.finish()
        }
        #expect(pieces.dropLast().allSatisfy { $0.count >= 100 && $0.last == UInt8(ascii: "\n") })
        #expect(pieces.count > 10)
        #expect(Array(pieces.joined()) == kept.bytes)
        #expect(streamed.bytes.isEmpty)
    }
}
