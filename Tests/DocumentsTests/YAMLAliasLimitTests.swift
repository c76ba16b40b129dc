import InterlockCore
import Testing

@testable import Documents

/// Alias expansion is bounded: each anchored value is converted once and shared, what aliases add
/// is counted against `InputLimits.maxAliasNodes`, and nesting with aliases expanded stops at
/// `YAMLConverter.maxDepth`.
@Suite struct YAMLAliasLimitTests {
    /// The billion laughs: nine anchors of nine aliases of the one before (9⁹ strings expanded).
    static let billionLaughs =
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        + zip("bcdefghi", "abcdefgh").map { name, previous in
            "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
        }.joined()

    @Test func billionLaughsIsRefusedAtTheAnchor() {
        do {
            _ = try YAMLReader.documents(Self.billionLaughs, file: "bomb.yaml", limits: InputLimits())
            Issue.record("expected an error")
        } catch {
            #expect(error.file == "bomb.yaml")
            // 9 + 81 + ... + 9⁶ nodes stay under a million; the aliases of '&f' (line 6) cross it.
            #expect(error.line == 6, "\(error)")
            #expect(error.message.contains("more than 1000000 nodes"), "\(error)")
            #expect(error.message.contains("'&f'"), "\(error)")
            #expect(error.message.contains(InputLimits.aliasVariable), "\(error)")
        }
    }

    /// `labels: *l` adds the anchored mapping's five nodes (the mapping, two keys, two values): a cap
    /// of five loads the document with the labels shared, a cap of four refuses it.
    @Test func aDocumentJustUnderTheCapLoads() throws {
        let text = "a: &l {team: x, env: y}\nb: *l\nc: *l\n"
        let docs = try YAMLReader.documents(text, file: "ok.yaml", limits: InputLimits(maxAliasNodes: 10))
        #expect(try docs[0].cursor["c"]?["env"]?.string() == "y")
        #expect(throws: InputError.self) {
            try YAMLReader.documents(text, file: "ok.yaml", limits: InputLimits(maxAliasNodes: 9))
        }
    }

    @Test func nestingThroughAliasesIsBounded() {
        let deep = String(repeating: "[", count: 300) + "x" + String(repeating: "]", count: 300)
        let text = "a: &a \(deep)\nb: " + String(repeating: "[", count: 300) + "*a" + String(repeating: "]", count: 300)
        do {
            _ = try YAMLReader.documents(text, file: "deep.yaml", limits: InputLimits())
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("deeper than 512 levels"), "\(error)")
        }
        #expect(throws: Never.self) { try YAMLReader.documents("a: &a \(deep)\n", file: "ok.yaml") }
    }

    @Test func limitsComeFromTheEnvironment() throws {
        let limits = try InputLimits(environment: [
            InputLimits.sizeVariable: "64KiB", InputLimits.aliasVariable: "7",
        ])
        #expect(limits == InputLimits(maxBytes: 65536, maxAliasNodes: 7))
        #expect(try InputLimits(environment: [:]) == InputLimits())
        #expect(throws: InputError.self) { try InputLimits(environment: [InputLimits.sizeVariable: "lots"]) }
        #expect(throws: InputError.self) { try InputLimits(environment: [InputLimits.aliasVariable: "-1"]) }
    }
}
