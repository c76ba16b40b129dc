import ClusterSynth
import InterlockCore
import Testing

@testable import Documents

/// A large JSON text whose arrays' items are parsed on several threads gives what one parser gives:
/// the same documents, marks and errors.
@Suite struct JSONPiecesTests {
    /// A synthetic cluster as one `kind: List` (well over `JSONReader.splitThreshold`).
    static let list = ClusterSynthesizer.listJSON(
        SynthClusterSpec(namespaces: 6, pods: 3000, policies: 200, adminPolicies: 3, seed: 4))

    /// Several JSON texts in a row after a byte order mark: a root array of pretty-printed objects
    /// with CRLF line ends, tabs, and strings holding brackets, commas, braces, escaped quotes and
    /// escaped backslashes; then a root object with two arrays and a nested one; then a number.
    static let texts: [UInt8] = {
        var text = "\u{FEFF}[\r\n"
        for i in 0..<7000 {
            if i > 0 { text += i % 7 == 0 ? "\r\n\t,\t" : ",\r\n" }
            text += """
                {"name": "item-\(i)", "odd": "a [b], {c} \\"d\\" \\\\", "list": [\(i), -\(i).5e3, true, null],
                \t"nested": {"deep": [[{"x": "]"}]], "empty": [], "u": "\\u00e9\\ud83d\\ude00"}}
                """
        }
        text += "\r\n]\n{\"first\": [1, 2, 3], \"second\": [\"a\", {\"b\": [4, 5]}], \"n\": {\"c\": [6, 7]}}\n  42\n"
        return Array(text.utf8)
    }()

    /// The outcome of reading `bytes` on `threads` threads: every document's dump, or the error.
    static func outcome(_ bytes: [UInt8], threads: Int) -> String {
        do {
            return YAMLPiecesTests.dump(try JSONReader.documents(bytes, file: "p.json", threads: threads))
        } catch {
            return "error \(error)"
        }
    }

    /// Whether `bytes` parse in pieces (not by the fallback to one parser).
    static func splits(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            return JSONReader.inPieces(buffer, file: "p.json", start: start, threads: 2) != nil
        }
    }

    @Test(arguments: ["list", "texts"])
    func piecesGiveWhatOneParserGives(_ name: String) {
        let bytes = name == "list" ? Self.list : Self.texts
        #expect(bytes.count > JSONReader.splitThreshold)
        #expect(Self.splits(bytes))
        let one = Self.outcome(bytes, threads: 1)
        #expect(one.hasPrefix("document 0 p.json"))
        for threads in [2, 3] { #expect(Self.outcome(bytes, threads: threads) == one, "\(threads) threads") }
    }

    /// The scan finds the items of the root array and of the arrays in a root object, not those
    /// deeper or inside strings, with each item's line.
    @Test func scanFindsTheItemsOfTheOuterArrays() {
        let arrays = Self.texts.withUnsafeBufferPointer { JSONReader.scan($0, from: 3) }
        #expect(arrays.map(\.starts.count) == [7000, 3, 2])
        #expect(arrays.map(\.depth) == [1, 2, 2])
        // Every item of the root array is two lines; the `,` ends the line of the item before.
        #expect(arrays[0].lines.prefix(3) == [1, 3, 5])
        let list = Self.list.withUnsafeBufferPointer { JSONReader.scan($0, from: 0) }
        #expect(list.count == 1)
        #expect(list[0].starts.count > 3000)
    }

    /// Errors anywhere (in an item, between items, after the array, in a string's line breaks) are
    /// one parser's errors, with the same line and column.
    @Test(arguments: [
        ("late item", "\"name\": \"item-6000\"", "\"name\": tru"),
        ("trailing comma", "\r\n]\n{\"first\"", ",\r\n]\n{\"first\""),
        ("missing comma", ",\r\n{\"name\": \"item-4001\"", "\r\n{\"name\": \"item-4001\""),
        ("newline in a string", "\"item-3000\"", "\"item-\n3000\""),
        ("duplicate after the arrays", "\"n\": {\"c\"", "\"first\": 0, \"n\": {\"c\""),
        ("unbalanced", "\"nested\": {\"deep\": [[{\"x\": \"]\"}]]", "\"nested\": {\"deep\": [[{\"x\": \"]\"}]]]"),
        ("escaped quote ends early", "\"odd\": \"a [b], {c} \\\"d", "\"odd\": \"a [b], {c} \"d"),
    ])
    func errorsAreOneParsersErrors(_ name: String, _ find: String, _ replace: String) throws {
        let text = String(decoding: Self.texts, as: UTF8.self)
        let range = try #require(text.range(of: find), "\(name)")
        let broken = Array(text.replacingCharacters(in: range, with: replace).utf8)
        let one = Self.outcome(broken, threads: 1)
        #expect(one.hasPrefix("error p.json:"), "\(name)")
        #expect(!Self.splits(broken), "\(name)")
        for threads in [2, 3] { #expect(Self.outcome(broken, threads: threads) == one, "\(name)") }
    }
}
