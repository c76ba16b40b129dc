import InterlockCore
import Testing

@testable import Documents

@Suite struct ReaderTests {
    @Test func yamlMultiDocumentWithTrailingSeparator() throws {
        let text = "a: 1\n---\nb: [x, 'y']\n---\n"
        let docs = try YAMLReader.documents(text, file: "f.yaml")
        #expect(docs.count == 2)
        let b = try #require(docs[1].cursor["b"]).array()
        #expect(try b[0].string() == "x")
        #expect(b[1].mark == Mark(line: 3, column: 8))
    }

    @Test func yamlErrorsNameFileLineColumn() {
        #expect(throws: InputError.self) { try YAMLReader.documents("a: [1, 2\nb: 3\n", file: "bad.yaml") }
        do {
            _ = try YAMLReader.documents("a: 1\n  b: 2\n", file: "bad.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.file == "bad.yaml")
            #expect(error.line == 2)
        }
    }

    @Test func yamlDuplicateKeysRejected() {
        do {
            _ = try YAMLReader.documents("a: 1\nb: 2\na: 3\n", file: "d.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.line != nil, "\(error)")
            #expect(error.message.contains("duplicate"), "\(error)")
        }
    }

    /// Keys of a wide mapping are found through an index (time linear in the keys); merged entries
    /// still give way to explicit ones, and a key written twice (plain and quoted) is still refused.
    @Test func yamlWideMappings() throws {
        let keys = (0..<20_000).map { "k\($0): \($0)\n" }.joined()
        let docs = try YAMLReader.documents(
            "base: &b {k5: merged, extra: merged}\nd:\n  <<: *b\n"
                + keys.split(separator: "\n").map { "  \($0)\n" }.joined(), file: "w.yaml")
        let d = try #require(docs[0].cursor["d"])
        #expect(try d["k19999"]?.int() == 19999)
        #expect(try d["k5"]?.int() == 5)
        #expect(try d["extra"]?.string() == "merged")
        #expect(throws: InputError.self) {
            try YAMLReader.documents(keys + "\"k17\": again\n", file: "w.yaml")
        }
    }

    @Test func yamlMergeKeys() throws {
        let docs = try YAMLReader.documents("base: &b {x: 1, y: 2}\nd:\n  <<: *b\n  y: 3\n", file: "m.yaml")
        let d = try #require(docs[0].cursor["d"])
        #expect(try d["x"]?.int() == 1)
        #expect(try d["y"]?.int() == 3)
    }

    @Test func nullVersusMissing() throws {
        let doc = try YAMLReader.documents("a: null\nb: ~\nc:\nd: {}\n", file: "n.yaml")[0].cursor
        #expect(doc["a"] != nil && doc.optional("a") == nil)
        #expect(doc.optional("b") == nil && doc.optional("c") == nil)
        #expect(doc.optional("d") != nil)
        #expect(doc["zzz"] == nil)
    }

    @Test func jsonParsesWithMarks() throws {
        let text = "{\n  \"kind\": \"List\",\n  \"items\": [1, -2.5e3, true, null, \"\\u00e9\\n\"]\n}"
        let docs = try JSONReader.documents(Array(text.utf8), file: "l.json")
        let c = docs[0].cursor
        #expect(try c.required("kind").string() == "List")
        let items = try c.required("items").array()
        #expect(try items[0].int() == 1)
        #expect(try items[1].double() == -2500)
        #expect(try items[2].bool())
        #expect(items[3].isNull)
        #expect(try items[4].string() == "é\n")
        #expect(items[0].mark == Mark(line: 3, column: 13))
    }

    @Test(arguments: ["{\"a\": }", "[1, 2", "{\"a\" 1}", "[01]", "\"\\x\"", "{\"a\":1,}"])
    func jsonRejectsMalformed(_ text: String) {
        #expect(throws: InputError.self) { try JSONReader.documents(Array(text.utf8), file: "x.json") }
    }

    @Test func jsonErrorPosition() {
        do {
            _ = try JSONReader.documents(Array("{\n  \"a\": 1,\n  \"b\": ]\n}".utf8), file: "p.json")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("p.json:3:8: invalid JSON"))
        }
    }

    @Test func loaderSniffsJSONAndYAML() throws {
        #expect(try SourceLoader.documents(bytes: Array("  [1]".utf8), file: "a").count == 1)
        #expect(try SourceLoader.documents(bytes: Array("x: 1\n".utf8), file: "a").count == 1)
        #expect(try SourceLoader.documents(bytes: Array("# only a comment\n".utf8), file: "a").isEmpty)
    }
}
