import InterlockCore
import TestSupport
import Testing

@testable import Documents

/// Hostile input for the JSON reader: seeded truncation and mutation of valid documents, and junk
/// made of JSON's own characters. Nothing may trap or hang; every input either parses, with marks
/// inside the input, or throws an `InputError` at a line and column inside the input.
@Suite struct JSONFuzzTests {
    /// Valid documents with every construct: nesting, escapes, surrogate pairs, numbers of each
    /// form, literals, empty containers, several texts.
    static let corpus: [String] = [
        #"{"apiVersion": "v1", "kind": "List", "items": [{"kind": "Pod", "metadata": {"name": "a", "labels": {"app": "x"}}}]}"#,
        "{\n  \"a\": [1, -2.5e3, 0.25E-2, 0, -0, 123456789012345678901234567890],\n  \"b\": {\"c\": [true, false, null]}\n}\n",
        #"["plain", "esc\"aped\\ \/ \b\f\n\r\t", "\u00e9\u4e2d\ud83d\ude39", "\u0000", "", "π€𝄞"]"#,
        #"[[[[[]]]], {}, [{}], {"": {"": [[]]}}, "x"]"#,
        "{\"kind\": \"List\"}\n{\"kind\": \"Pod\"}\n[1] 2 \"three\" true",
        #"{"ports": [{"port": 443, "protocol": "TCP"}, {"port": 8080, "endPort": 8090}], "cidr": "10.0.0.0/8"}"#,
        "\u{FEFF}{\"bom\": [1e10, 1E+2, 1e-2]}",
    ]

    /// The bytes mutations draw from: JSON's structure, escapes, number and literal characters.
    static let alphabet =
        Array(#"{}[]":,\ -+.eE0123456789tfnulrsabu"#.utf8) + [
            0x0A, 0x0D, 0x09, 0x00, 0x7F, 0xC3, 0xA9, 0xFF, 0xEF, 0xBB, 0xBF,
        ]

    /// Parses `bytes`; checks the outcome is one of the two allowed. Returns whether it parsed.
    @discardableResult
    static func check(_ bytes: [UInt8]) -> Bool {
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        // Columns count bytes from the line's start (after a leading byte order mark, on line 1).
        func inside(_ line: Int, _ column: Int) -> Bool {
            line >= 1 && line <= lines.count && column >= 1 && column <= lines[line - 1].count + 1
        }
        do {
            let docs = try JSONReader.documents(bytes, file: "fuzz.json")
            for doc in docs {
                #expect(inside(doc.root.mark.line, doc.root.mark.column), "mark outside the input: \(bytes)")
            }
            return true
        } catch {
            #expect(error.file == "fuzz.json")
            #expect(inside(error.line ?? 0, error.column ?? 0), "\(error) outside the input: \(bytes)")
            #expect(error.message.hasPrefix("invalid JSON: "))
            return false
        }
    }

    /// One to four edits: a byte replaced (by any byte or one of the alphabet), inserted or
    /// removed, or a slice repeated.
    static func mutate(_ input: [UInt8], _ rng: inout SeededGenerator) -> [UInt8] {
        Fuzzing.mutate(input, maxSlice: 8, using: &rng) { rng in
            Bool.random(using: &rng) ? alphabet.randomElement(using: &rng)! : UInt8.random(in: 0...255, using: &rng)
        }
    }

    @Test func truncatedMutatedAndJunkInputParseOrThrowInputError() {
        var rng = SeededGenerator(seed: 14)
        let mutants = Fuzzing.cases(3000)
        let junks = Fuzzing.cases(5000)
        var parsed = 0
        var rejected = 0
        func run(_ bytes: [UInt8]) {
            if Self.check(bytes) { parsed += 1 } else { rejected += 1 }
        }
        for text in Self.corpus {
            let bytes = Array(text.utf8)
            #expect(Self.check(bytes), "corpus document rejected: \(text)")
            for length in 0..<bytes.count { run(Array(bytes.prefix(length))) }
            for _ in 0..<mutants {
                let mutant = Self.mutate(bytes, &rng)
                run(mutant)
                run(Array(mutant.prefix(Int.random(in: 0...mutant.count, using: &rng))))
            }
        }
        for _ in 0..<junks {
            let junk = (0..<Int.random(in: 0...64, using: &rng)).map { _ in Self.alphabet.randomElement(using: &rng)! }
            run(junk)
        }
        let expected = Self.corpus.reduce(0) { $0 + $1.utf8.count } + Self.corpus.count * 2 * mutants + junks
        #expect(parsed + rejected == expected)
        // The mutations reach both outcomes, not only the first bytes' errors.
        #expect(parsed > 1000 && rejected > 10000, "parsed \(parsed), rejected \(rejected)")
    }

    /// Nesting bombs throw at the depth limit instead of overflowing the stack, however deep.
    @Test(arguments: ["[", "{\"a\":", "[{\"k\":", " [ "])
    func nestingBombsThrow(_ opening: String) {
        let bomb = Array(String(repeating: opening, count: 200_000).utf8)
        do {
            _ = try JSONReader.documents(bomb, file: "bomb.json")
            Issue.record("a bomb parsed")
        } catch {
            #expect(error.message == "invalid JSON: nesting deeper than \(JSONReader.Parser.maxDepth)")
        }
    }

    /// Width costs no stack: a long flat array and a long object parse.
    @Test func wideDocumentsParse() throws {
        let array = "[" + (0..<100_000).map(String.init).joined(separator: ",") + "]"
        #expect(try JSONReader.documents(Array(array.utf8), file: "wide.json")[0].cursor.array().count == 100_000)
        let object = "{" + (0..<20_000).map { "\"k\($0)\": [\($0)]" }.joined(separator: ",") + "}"
        #expect(try JSONReader.documents(Array(object.utf8), file: "wide.json")[0].cursor.entries().count == 20_000)
    }
}
