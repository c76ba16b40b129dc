import Documents
import InterlockCore
import Manifests
import TestSupport
import Testing

@testable import Policy

/// Hostile manifests: seeded mutations of valid YAML and JSON manifests go through the document
/// reader (YAML through libyaml, JSON through Interlock's parser), the manifest loader (inventory)
/// and the policy decoder, then the linter. Nothing may trap or hang; every input either loads or
/// throws an `InputError` naming the file at a line and column inside the input.
@Suite struct ManifestFuzzTests {
    /// Loads `bytes` as a manifest file end to end; checks that the outcome is one of the two allowed.
    static func check(_ bytes: [UInt8]) {
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        do {
            let documents = try SourceLoader.documents(bytes: bytes, file: "fuzz.yaml")
            let manifests = try ManifestLoader.load(documents: documents)
            let input = PolicyInput(manifests: manifests, policies: try PolicySet.decode(manifests))
            _ = PolicyLinter.lint(input)
        } catch {
            #expect(error.file == "fuzz.yaml", "\(error)")
            let line = error.line ?? 0
            let column = error.column ?? 0
            // Columns count characters (libyaml) or bytes (JSON): either fits within the line's bytes.
            let inside = line >= 1 && line <= lines.count && column >= 1 && column <= lines[line - 1].count + 1
            #expect(inside, "\(error) outside the input: \(String(decoding: bytes, as: UTF8.self))")
        }
    }

    @Test func mutatedManifestsLoadOrThrowInputErrorInsideTheInput() throws {
        var rng = SeededGenerator(seed: 15)
        for text in ManifestCorpus.manifests {
            let bytes = Array(text.utf8)
            let documents = try SourceLoader.documents(bytes: bytes, file: "fuzz.yaml")
            _ = try PolicySet.decode(try ManifestLoader.load(documents: documents))
            for _ in 0..<Fuzzing.cases(400) {
                let mutant = Fuzzing.mutate(bytes, maxSlice: 12, using: &rng) {
                    ManifestCorpus.alphabet.randomElement(using: &$0)!
                }
                Self.check(mutant)
                Self.check(Array(mutant.prefix(Int.random(in: 0...mutant.count, using: &rng))))
            }
        }
    }
}
