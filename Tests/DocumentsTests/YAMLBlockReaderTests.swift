import ClusterSynth
import InterlockCore
import Testing

@testable import Documents

/// The block reader gives libyaml's documents wherever it reads a stream (the same nodes, texts,
/// styles and line:column marks, the same document indices), and declines everything else, so
/// that libyaml reads it and reports its errors.
@Suite struct YAMLBlockReaderTests {
    /// The dump of the block reader's documents, or nil when it declines.
    static func block(_ text: String, firstLine: Int = 1) -> String? {
        Array(text.utf8).withUnsafeBufferPointer { bytes in
            YAMLBlockReader.documents(utf8: bytes, file: "b.yaml", limits: InputLimits(), firstLine: firstLine)
                .map { "\($0.count) " + YAMLPiecesTests.dump($0.documents) }
        }
    }

    /// The dump of libyaml's documents, or the error.
    static func libyaml(_ text: String, firstLine: Int = 1) -> String {
        Array(text.utf8).withUnsafeBufferPointer { bytes in
            do {
                let read = try YAMLReader.libyamlDocuments(
                    utf8: bytes, file: "b.yaml", limits: InputLimits(), firstLine: firstLine)
                return "\(read.count) " + YAMLPiecesTests.dump(read.documents)
            } catch {
                return "error \(error)"
            }
        }
    }

    /// The synthetic cluster's manifests, one YAML stream per kind of object.
    static let cluster: [String] = {
        var synthesizer = ClusterSynthesizer(
            spec: SynthClusterSpec(namespaces: 6, pods: 2000, policies: 200, adminPolicies: 3, seed: 9))
        var streams: [String: (ManifestStream, ByteWriter)] = [:]
        synthesizer.generate { file, object in
            var entry = streams[file] ?? (ManifestStream(format: .yaml), ByteWriter())
            entry.0.append(object, to: entry.1)
            streams[file] = entry
        }
        return streams.keys.sorted().map { String(decoding: streams[$0]!.1.bytes, as: UTF8.self) }
    }()

    /// Streams of the forms the reader reads: indented and key-column sequences, compact mappings,
    /// nested sequences, quoted scalars, empty and implicit documents, marks moved by `firstLine`.
    static let readable = [
        "a: 1\n", "---\na: 1\n", "a: 1\n---\nb: x y\n---\n", "---\n---\na: \"q\"\n", "",
        "k:\n- a\n- 'b c'\nl: 2\n", "k:\n  - a\n  - b\nl:\n  m: n\n",
        "items:\n- name: a\n  ports:\n  - name: dns\n    port: 53\n  - port: 54\n- name: b\nz: 1\n",
        "a:\n  b:\n    c: \"10.0.0.1\"\n  d: http://x:80/y\n", "a: 1\nb: \"\"\nc: ''\n", "a: ~\nb: null\n",
    ]

    @Test func readsWhatLibyamlReads() throws {
        for text in Self.readable {
            let read = try #require(Self.block(text), "declined \(text.debugDescription)")
            #expect(read == Self.libyaml(text), "\(text.debugDescription)")
            #expect(Self.block(text, firstLine: 40) == Self.libyaml(text, firstLine: 40))
        }
        // Pods, nodes and namespaces are read; policies with `{}` (an empty selector) are declined.
        var read = 0
        for text in Self.cluster {
            guard let block = Self.block(text) else { continue }
            read += text.utf8.count
            #expect(block == Self.libyaml(text))
        }
        #expect(read > Self.cluster.joined().utf8.count * 9 / 10)
    }

    /// Each form outside the reader's is declined, read or refused by libyaml instead.
    @Test(arguments: [
        "a: [1]\n", "a: {}\n", "a: 1 # c\n", "# c\na: 1\n", "a: 1\n\nb: 2\n", "a:\tb\n", "a: 1\r\n", "a: é\n",
        "a: &x 1\nb: *x\n", "a: !t 1\n", "a: |\n  x\n", "a: >\n  x\n", "%YAML 1.2\n---\na: 1\n", "a: 1\n...\n",
        "--- a: 1\n", "a: b\n  c\n", "a: 1\n  b: 2\n", "a:\nb: 1\n", "a:\n", "- a\n", "a: -1\n", "a: ? b\n",
        "a: \"x\\\"y\"\n", "a: \"x\n  y\"\n", "a: 'it''s'\n", "a : 1\n", "\"a\": 1\n", "a: b: c\n", "a: b:\n",
        "a: 1 \n", "a:  \n", "k:\n  - a\n  b: 1\n", "k:\n- a\n - b\n", "-  a: 1\n", "a:b: 1\n", "x\n",
        "a: 1\n a: 2\n", "a: 1\na: 2\n", String(repeating: "k", count: 1025) + ": 1\n",
    ])
    func declines(_ text: String) {
        #expect(Self.block(text) == nil, "\(text.debugDescription)")
    }

    /// Seeded mutations of a manifest stream (bytes deleted, inserted or replaced by the
    /// characters that matter, lines indented or repeated): whenever the reader reads one, libyaml
    /// reads it too, to the same documents; it never accepts what libyaml refuses.
    @Test func mutationsNeverDiffer() {
        let head = Self.readable[7] + "---\n" + Self.readable[6] + "---\n"
        // The first lines of the pods' stream (the last in file order), cut after a line.
        let pods = Array(Self.cluster.last!.utf8.prefix(600))
        let base: [UInt8] = Array(head.utf8) + pods[...pods.lastIndex(of: 0x0A)!]
        #expect(Self.block(String(decoding: base, as: UTF8.self)) != nil)
        var random = SeededGenerator(seed: 17)
        let alphabet = Array(" -:\n\"'ab0".utf8)
        var read = 0
        for _ in 0..<3000 {
            var bytes = base
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let at = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<5, using: &random) {
                case 0: bytes.remove(at: at)
                case 1: bytes.insert(alphabet.randomElement(using: &random)!, at: at)
                case 2: bytes[at] = alphabet.randomElement(using: &random)!
                case 3:
                    bytes.insert(contentsOf: [0x20, 0x20], at: bytes[..<at].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0)
                default:
                    let start = bytes[..<at].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
                    let end = bytes[at...].firstIndex(of: 0x0A).map { $0 + 1 } ?? bytes.count
                    bytes.insert(contentsOf: bytes[start..<end], at: end)
                }
            }
            let text = String(decoding: bytes, as: UTF8.self)
            guard let block = Self.block(text) else { continue }
            read += 1
            #expect(block == Self.libyaml(text), "\(text.debugDescription)")
        }
        #expect(read > 300)
    }
}
