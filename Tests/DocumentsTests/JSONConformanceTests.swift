import InterlockCore
import Testing

@testable import Documents

/// Accept/reject cases in the manner of nst/JSONTestSuite, written for this reader: `y` texts must
/// parse, `n` texts must be rejected with an `InputError` that names file, line and column, and `i`
/// (implementation-defined) texts behave as `JSONReader`'s documentation says.
@Suite struct JSONConformanceTests {
    static func parse(_ text: String) throws(InputError) -> [Document] {
        try JSONReader.documents(Array(text.utf8), file: "t.json")
    }

    /// The one document of `text`'s first item: `["..."]` → the string.
    static func firstString(_ text: String) throws -> String {
        let docs = try parse(text)
        return try docs[0].cursor.array()[0].string()
    }

    static let accepted: [String] = [
        // Arrays.
        "[]", "[[]   ]", #"[""]"#, #"["a"]"#, "[false]", #"[null, 1, "1", {}]"#, "[null]", "[1\n]", " [1]",
        "[1,null,null,null,2]", "[2] ", "[ 4]", "[\t1 ,\r\n2 ]",
        // Numbers.
        "[123e65]", "[0e+1]", "[0e1]",
        "[-0.000000000000000000000000000000000000000000000000000000000000000000000000000001]",
        "[20e1]", "[-0]", "[-123]", "[-1]", "[1E22]", "[1E-2]", "[1E+2]", "[123e45]", "[123.456e78]", "[1e-2]",
        "[1e+2]",
        "[123]", "[123.456789]", "[0]", "[-0.0e-0]", "[1.5E+0009]",
        // Objects.
        #"{"asd":"sdf", "dfg":"fgh"}"#, #"{"asd":"sdf"}"#, "{}",
        #"{"":0}"#,
        #"{"foo\u0000bar": 42}"#, #"{ "min": -1.0e+28, "max": 1.0e+28 }"#, #"{"x":[{"id": "xxx"}], "id": "xxx"}"#,
        #"{"a":[]}"#, "{\n\"a\": \"b\"\n}", #"{"a":{"b":{"c":[{"d":null}]}}}"#,
        // Strings.
        #"["\u0060\u012a\u12AB"]"#, #"["\uD801\udc37"]"#, #"["\ud83d\ude39\ud83d\udc8d"]"#, #"["\"\\\/\b\f\n\r\t"]"#,
        #"["\\u0000"]"#, #"["\""]"#, #"["a/*b*/c/*d//e"]"#, #"["\\a"]"#, #"["\u0012"]"#, #"["\uFFFF"]"#,
        #"["new\u00A0line"]"#,
        #"["\uDBFF\uDFFF"]"#, "[\"π\"]", "[\"𛿿\"]", #"["\u0000"]"#, #"["\u002c"]"#, #"["asd "]"#, #"" ""#,
        "[\"\u{7F}\"]",
        #"["\uFDD0"]"#, #"["\uFFFE"]"#, "[\"€𝄞\"]", "[\"⍂㈴⍂\"]", #"["\u200B"]"#, #"["\u005C"]"#,
        // Whole texts that are not arrays or objects.
        "true", "false", "null", "42", "-0.1", #""asd""#, " [] ", "[1]\n",
    ]

    @Test(arguments: accepted)
    func yMustParse(_ text: String) throws {
        let docs = try Self.parse(text)
        #expect(docs.count == 1)
    }

    @Test func yValuesAreDecoded() throws {
        #expect(try Self.firstString(#"["\"\\\/\b\f\n\r\t"]"#) == "\"\\/\u{8}\u{C}\n\r\t")
        #expect(try Self.firstString(#"["\uD834\uDd1e"]"#) == "𝄞")
        #expect(try Self.firstString(#"["\ud83d\ude39"]"#) == "😹")
        #expect(try Self.firstString(#"["\u0000"]"#) == "\u{0}")
        #expect(try Self.firstString(#"["\u00e9"]"#) == "é")
        #expect(try Self.firstString("[\"π\"]") == "π")
        let numbers = try Self.parse("[-0, 1E+2, 123.456e78]")[0].cursor.array()
        #expect(try numbers.map { try $0.string() } == ["-0", "1E+2", "123.456e78"])
        #expect(try numbers[1].double() == 100)
    }

    /// A duplicate key is an error at its second occurrence, in small objects (searched in place) and
    /// wide ones (searched through a set) alike; equal keys in different objects are not duplicates.
    @Test(arguments: [1, 7, 8, 9, 40])
    func duplicateKeysAreRejectedAtTheSecondOccurrence(width: Int) throws {
        let others = (0..<width).map { "\"k\($0)\": {\"a\": \($0)}" }.joined(separator: ",\n")
        let text = "{\"a\": 1,\n\(others),\n  \"a\": 2}"
        do {
            _ = try Self.parse(text)
            Issue.record("duplicate key accepted")
        } catch {
            #expect(error.line == width + 2 && error.column == 3, "\(error)")
            #expect(error.message == "invalid JSON: duplicate key 'a' (first at line 1)")
        }
        #expect(try Self.parse("{\(others)}")[0].cursor.entries().count == width)
    }

    /// JSONTestSuite's y_object_duplicated_key and y_object_duplicated_key_and_value, which RFC 8259
    /// allows and Interlock rejects.
    @Test(arguments: [#"{"a":"b","a":"c"}"#, #"{"a":"b","a":"b"}"#])
    func duplicatedKeysOfTheSuiteAreRejected(text: String) {
        #expect(
            throws: InputError(file: "t.json", line: 1, column: 10, "invalid JSON: duplicate key 'a' (first at line 1)")
        ) {
            try Self.parse(text)
        }
    }

    static let rejected: [String] = [
        // Arrays.
        "[1 true]", #"["": 1]"#, #"[""],"#, "[,1]", "[1,,2]", #"["x",,]"#, #"["x"]]"#, #"["",]"#, #"["x""#, "[x",
        "[3[4]]",
        "[1:2]", "[,]", "[-]", #"[   , ""]"#, "[\"a\",\n4\n,1,", "[1,]", "[1,,]", "[*]", #"[""#, "[1,", "[1,\n1\n,1",
        "[{}",
        "[\u{B}1]",
        // Numbers.
        "[++1234]", "[+1]", "[+Inf]", "[-01]", "[-1.0.]", "[-2.]", "[-NaN]", "[.-1]", "[.2e-3]", "[0.1.2]", "[0.3e+]",
        "[0.3e]",
        "[0.e1]", "[0E+]", "[0E]", "[0e+]", "[0e]", "[1.0e+]", "[1.0e-]", "[1.0e]", "[1 000.0]", "[1eE2]", "[2.e+3]",
        "[2.e-3]",
        "[2.e3]", "[9.e+]", "[Inf]", "[NaN]", "[\u{FF11}]", "[1+2]", "[0x1]", "[0x42]", "[Infinity]", "[0e+-1]",
        "[-123.123foo]", "[1ea]", "[1.2a-3]", "[1.8011670033376514H-308]", "[012]", "[-012]", "[- 1]", "[-foo]", "[1.]",
        "[\u{661}]", "[-Infinity]", "[.123]", "[1e1.5]",
        // Objects.
        #"{[: "x"}"#, #"{"x", null}"#, #"{"x"::"b"}"#, "{🇨🇭}", #"{"a" b}"#, "{key: 'value'}", #"{"a":"a" 123}"#,
        #"{"a" "b"}"#, #"{:"b"}"#, "{1:1}", "{9999E9999:1}", "{null:null,null:null}", #"{"id":0,,,,,}"#, "{'a':0}",
        #"{"id":0,}"#, #"{"a":"b"}/**/"#, #"{"a":"b"}//"#, #"{"a":"b"}/"#, #"{"a":"b",,"c":"d"}"#, #"{a: "b"}"#,
        #"{"a":"a"#, #"{ "foo" : "bar", "a" }"#, #"{"a":"b"}#"#, #"{"a""#, #"{"a":"#, #"{"a" :"#, #"{"a"}"#, "{]", "{",
        #"{"x": true,"#,
        // Strings.
        #"["\uD800\"]"#, #"["\uD800\u"]"#, #"["\uD800\u1"]"#, #"["\uD800\u1x"]"#, "[é]", "[\"\u{0}\"]", "[\"\\\u{0}\"]",
        #"["\UA66D"]"#, #"["\a"]"#, #"["\x00"]"#, #"["\\\"]"#, #"["\ "]"#, #"["\uqqqq"]"#, #"[\u0020"asd"]"#, #"[\n]"#,
        #""\"#, #""abc"#, "[\"new\nline\"]", "[\"\t\"]", #"["\u00A"]"#, #"["\u"]"#, "['single quote']", "abc",
        "\"\\\u{7F}\"", #"["\'"]"#, #"["\u00GG"]"#,
        // Structure.
        "<.>", "[<null>]", "[1]x", "[1]]", #"["asd]"#, "aå", "[True]", "1]", "]", "[", "[\u{0}]", "[1", "å",
        "[\u{2060}]",
        "[\u{C}]", #"{"a"#, "*", #"[\u000A""]"#, "[\"a\"\u{C}]", "\u{FEFF}\u{FEFF}[]", "truefalse", "true1", "nul",
        "tru",
        "1-2", "-1.5e3x", "nullnull", "1 2x",
    ]

    @Test(arguments: rejected)
    func nMustBeRejectedAtAPosition(_ text: String) {
        do {
            let docs = try Self.parse(text)
            Issue.record("accepted \(docs.count) document(s): \(text.debugDescription)")
        } catch {
            #expect(error.file == "t.json")
            let line = error.line ?? 0
            let column = error.column ?? 0
            #expect(line >= 1 && column >= 1)
            #expect(error.description.hasPrefix("t.json:\(line):\(column): invalid JSON: "))
        }
    }

    /// Rejections point at the byte where the text stops being JSON.
    @Test(arguments: [
        ("[1 true]", 1, 4), ("[1,]", 1, 4), ("{\n  \"a\": 1,\n  \"b\": ]\n}", 3, 8), ("[\"x\"", 1, 5), ("true1", 1, 5),
        ("[\n\n  -]", 3, 4), ("[\"\\uD800\"]", 1, 9), ("{\"a\" 1}", 1, 6), ("[01]", 1, 4), ("\u{FEFF}[x]", 1, 2),
        ("[\"a\\\nb\"]", 1, 4), ("[\"\\x\"]", 1, 3),
    ])
    func nPositions(_ text: String, _ line: Int, _ column: Int) {
        do {
            _ = try Self.parse(text)
            Issue.record("accepted \(text.debugDescription)")
        } catch {
            #expect(error.line == line && error.column == column, "\(text.debugDescription): \(error)")
        }
    }

    // Implementation-defined cases: the behaviour chosen, one test each.

    /// Numbers of any size or precision parse, kept as text; the accessors decide what fits.
    @Test func iHugeNumbersAreKeptAsText() throws {
        let items = try Self.parse(
            "[123456789012345678901234567890, 1e400, -1e-400, 1.000000000000000000000000000001]")[0].cursor.array()
        #expect(
            try items.map { try $0.string() } == [
                "123456789012345678901234567890", "1e400", "-1e-400", "1.000000000000000000000000000001",
            ])
        #expect(throws: InputError.self) { try items[0].int() }
    }

    /// `\u` escapes of lone or mispaired surrogates are rejected (they name no character).
    @Test(arguments: [
        #"["\uD800"]"#, #"["\uDFAA"]"#, #"["\uD800\uD800"]"#, #"["\uDd1ea"]"#, #"["\uD888\u1234"]"#, #"["\uD800abc"]"#,
    ])
    func iLoneSurrogatesAreRejected(_ text: String) {
        #expect(throws: InputError.self) { try Self.parse(text) }
    }

    /// Bytes that are not UTF-8 inside strings are replaced by U+FFFD, not rejected.
    @Test(
        arguments: [[0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xE6, 0x97], [0xF4, 0xBF, 0xBF, 0xBF], [0x81]]
            as [[UInt8]])
    func iInvalidUTF8InStringsBecomesReplacementCharacters(_ bytes: [UInt8]) throws {
        let docs = try JSONReader.documents(Array("[\"a".utf8) + bytes + Array("\"]".utf8), file: "t.json")
        let s = try docs[0].cursor.array()[0].string()
        #expect(s.hasPrefix("a") && s.contains("\u{FFFD}"))
    }

    /// A UTF-8 byte order mark is skipped at the start only; a UTF-16 one is not JSON.
    @Test func iByteOrderMarks() throws {
        let docs = try JSONReader.documents([0xEF, 0xBB, 0xBF] + Array("{}".utf8), file: "t.json")
        #expect(docs.count == 1)
        #expect(docs[0].root.mark == Mark(line: 1, column: 1))
        #expect(throws: InputError.self) {
            try JSONReader.documents([0xFE, 0xFF, 0x00, 0x5B, 0x00, 0x5D], file: "t.json")
        }
        #expect(throws: InputError.self) { try JSONReader.documents([0xEF, 0xBB] + Array("{}".utf8), file: "t.json") }
        #expect(throws: InputError.self) {
            try JSONReader.documents(Array("[]".utf8) + [0xEF, 0xBB, 0xBF], file: "t.json")
        }
    }

    /// Input with no JSON text is no documents.
    @Test(arguments: ["", " ", "\n\t\r\n "])
    func iNoTextIsNoDocuments(_ text: String) throws {
        #expect(try Self.parse(text).isEmpty)
        #expect(try JSONReader.documents([0xEF, 0xBB, 0xBF] + Array(text.utf8), file: "t.json").isEmpty)
    }

    /// Texts that follow each other are documents, in order (as `kubectl get -o json` piped twice
    /// writes them); numbers and literals must be set apart from the next text.
    @Test func iConcatenatedTextsAreDocuments() throws {
        #expect(try Self.parse("[][]").count == 2)
        #expect(try Self.parse(#"{"a": true} "x""#).count == 2)
        #expect(try Self.parse("1 2\n3").map { try $0.cursor.int() } == [1, 2, 3])
        #expect(try Self.parse(#"1"a"[2]true{}"#).count == 5)
        let docs = try Self.parse("{\"kind\": \"List\"}\n{\"kind\": \"Pod\"}\n")
        #expect(docs.map(\.index) == [0, 1])
        #expect(docs[1].root.mark == Mark(line: 2, column: 1))
    }

    /// 512 levels of arrays and objects parse; one more is rejected, at the bracket too deep.
    @Test func iNestingIsLimitedTo512() throws {
        #expect(JSONReader.Parser.maxDepth == 512)
        let deepest = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(try Self.parse(deepest).count == 1)
        let objects = String(repeating: "{\"a\":", count: 511) + "[]" + String(repeating: "}", count: 511)
        #expect(try Self.parse(objects).count == 1)
        do {
            _ = try Self.parse("[" + deepest + "]")
            Issue.record("accepted 513 levels")
        } catch {
            #expect(error.line == 1 && error.column == 513)
            #expect(error.message == "invalid JSON: nesting deeper than 512")
        }
    }
}
