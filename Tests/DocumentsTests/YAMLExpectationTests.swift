import ClusterSynth
import Foundation
import InterlockCore
import TestSupport
import Testing

@testable import Documents

/// The YAML reader against committed expectations (`Fixtures/yaml-expectations.txt`), recorded from
/// the reader that went through Yams' node tree: every tree (each node's kind, text, style and
/// line:column) or error (file, line, column, message) of generated manifests, hand-written error
/// cases and seeded mutations of the fuzz corpus must stay what it was.
///
/// Setting `INTERLOCK_YAML_EXPECTATIONS_OUT` to a path writes the outcomes there, to review and
/// commit a deliberate change.
@Suite struct YAMLExpectationTests {
    /// One line per input: its name, then `T <documents> <digest of the dump>` or `E <error>`.
    static func outcome(_ name: String, _ text: String) -> String {
        do {
            let documents = try YAMLReader.documents(text, file: "in.yaml", limits: InputLimits(maxAliasNodes: 50))
            var dump = ""
            for document in documents {
                dump += "document \(document.index)\n"
                YAMLExpectationTests.dump(document.root, indent: "", into: &dump)
            }
            return "\(name)\tT \(documents.count) \(String(fnv1a(dump), radix: 16))"
        } catch {
            return "\(name)\tE \(error.description.replacingOccurrences(of: "\n", with: "\\n"))"
        }
    }

    /// Every node of `node`, one a line: kind, position, then a scalar's style and text or a key.
    static func dump(_ node: Node, indent: String, into out: inout String) {
        switch node {
        case .scalar(let s):
            out += "\(indent)S \(s.mark) \(s.isPlain ? "plain" : "quoted") \(s.text.debugDescription)\n"
        case .sequence(let s):
            out += "\(indent)Q \(s.mark)\n"
            for item in s.items { dump(item, indent: indent + " ", into: &out) }
        case .mapping(let m):
            out += "\(indent)M \(m.mark)\n"
            for entry in m.entries {
                out += "\(indent) K \(entry.keyMark) \(entry.key.debugDescription)\n"
                dump(entry.value, indent: indent + "  ", into: &out)
            }
        }
    }

    static func fnv1a(_ text: String) -> UInt64 {
        text.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }

    /// Inputs that exercise each error and each feature of the reader.
    static let handWritten: [(String, String)] = [
        ("flow-unterminated", "a: [1, 2\nb: 3\n"),
        ("bad-indent", "a: 1\n  b: 2\n"),
        ("duplicate", "a: 1\nb: 2\na: 3\n"),
        ("duplicate-quoted", "k: 1\n\"k\": 2\n"),
        ("duplicates-sorted", "z: 1\nb: 2\nz: 3\nb: 4\n"),
        ("duplicate-inner-first", "a: 1\nm: {x: 1, x: 2}\na: 2\n"),
        ("duplicate-merge-keys", "b: &b {x: 1}\nd: {<<: *b, <<: *b}\n"),
        ("undefined-alias", "a: *nope\n"),
        ("merge-not-mapping", "d:\n  <<: 3\n  y: 1\n"),
        ("merge-list", "a: &a {x: 1}\nb: &b {y: 2, x: 0}\nc:\n  <<: [*a, *b]\n  z: 3\n"),
        ("merge-quoted-is-a-key", "d: {\"<<\": 1}\n"),
        ("non-scalar-key", "? [a, b]\n: 1\n"),
        ("alias-key", "a: &k key\n*k : 2\n"),
        ("alias-cap", "a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]\nb: [*a, *a, *a, *a, *a, *a]\n"),
        ("alias-cap-then-syntax", "a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]\nb: [*a, *a, *a, *a, *a, *a]\nc: [\n"),
        ("depth", "a: " + String(repeating: "[", count: 520) + String(repeating: "]", count: 520) + "\n"),
        ("tab-indent", "a:\n\tb: 1\n"),
        ("unterminated-quote", "a: 'x\n"),
        ("control-character", "a: b\u{01}c\n"),
        ("control-after-multibyte", "é: ü\nb: x\u{01}\n"),
        ("multi-document", "a: 1\n---\n---\n# comment\n---\nb: [x, 'y', \"z\", |\n  lit\n, >\n  folded\n]\n"),
        ("null-roots", "---\n~\n---\nnull\n---\n''\n---\n"),
        ("anchors-across-documents", "a: &x {k: v}\n---\nb: *x\n"),
        ("anchor-redefined", "a: &x 1\nb: *x\nc: &x 2\nd: *x\n"),
        ("tags", "a: !!str 1\nb: !custom {x: 1}\nc: !!int '2'\n"),
        ("unicode-columns", "é: [ü, ñ]\nkey: \"\\u00e9\\t\"\n"),
        ("directive", "%YAML 1.1\n---\na: 1\n"),
        ("block-sequence-root", "- a\n- b: c\n  d: e\n-\n"),
        ("wide-mapping", (0..<40).map { "k\($0): \($0)\n" }.joined() + "k7: again\n"),
        ("empty", ""),
        ("comment-only", "# nothing\n"),
    ]

    static func outcomes() throws -> [String] {
        var lines = handWritten.map { outcome($0.0, $0.1) }
        let spec = SynthClusterSpec(namespaces: 4, pods: 300, policies: 40, adminPolicies: 3, seed: 7)
        var files: [String: ByteWriter] = [:]
        _ = ManifestFiles(directory: "synth", format: .yaml).generate(spec) { file in
            let out = ByteWriter()
            files[file] = out
            return out
        }
        for name in files.keys.sorted() {
            lines.append(outcome("synth-\(name)", files[name]!.text))
        }
        var rng = SeededGenerator(seed: 17)
        for (i, text) in ManifestCorpus.manifests.enumerated() {
            let bytes = Array(text.utf8)
            for j in 0..<250 {
                let mutant = Fuzzing.mutate(bytes, maxSlice: 12, using: &rng) {
                    ManifestCorpus.alphabet.randomElement(using: &$0)!
                }
                let prefix = Array(mutant.prefix(Int.random(in: 0...mutant.count, using: &rng)))
                for (kind, input) in [("mutant", mutant), ("prefix", prefix)] {
                    guard let text = String(validating: input, as: UTF8.self) else { continue }
                    lines.append(outcome("fuzz-\(i)-\(j)-\(kind)", text))
                }
            }
        }
        return lines
    }

    @Test func readerMatchesTheRecordedTreesAndErrors() throws {
        let lines = try Self.outcomes()
        if let out = ProcessInfo.processInfo.environment["INTERLOCK_YAML_EXPECTATIONS_OUT"] {
            try (lines.joined(separator: "\n") + "\n").write(toFile: out, atomically: true, encoding: .utf8)
        }
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/yaml-expectations.txt")
        let expected = try String(contentsOf: fixture, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.count == expected.count)
        for (got, want) in zip(lines, expected) where got != want {
            Issue.record("got \(got)\nwanted \(want)")
        }
    }
}
