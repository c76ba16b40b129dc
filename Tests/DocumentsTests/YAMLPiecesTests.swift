import ClusterSynth
import InterlockCore
import Testing

@testable import Documents

/// A large YAML stream read in pieces on several threads gives what one parser gives: the same
/// documents, indices and line:column marks, and the same error.
@Suite struct YAMLPiecesTests {
    /// A synthetic cluster as one YAML stream (well over `YAMLReader.splitThreshold`), with
    /// documents that are not objects, an explicit document end and a block scalar in between.
    static let stream: String = {
        var synthesizer = ClusterSynthesizer(
            spec: SynthClusterSpec(namespaces: 8, pods: 3000, policies: 300, adminPolicies: 4, seed: 5))
        var stream = ManifestStream(format: .yaml)
        let out = ByteWriter()
        synthesizer.generate { _, object in
            stream.append(object, to: out)
            if stream.count % 500 == 0 {
                out.write("--- # a comment, then an empty document\n---\nnote: |\n  --- indented\n  text\n...\n")
            }
        }
        return out.text
    }()

    /// Every document as `YAMLExpectationTests.dump` writes it, after its index.
    static func dump(_ documents: [Document]) -> String {
        var out = ""
        for document in documents {
            out += "document \(document.index) \(document.file)\n"
            YAMLExpectationTests.dump(document.root, indent: "", into: &out)
        }
        return out
    }

    /// The outcome of reading `text` on `threads` threads: the dump, or the error.
    static func outcome(_ text: String, threads: Int) -> String {
        do {
            return dump(try YAMLReader.documents(text, file: "s.yaml", threads: threads))
        } catch {
            return "error \(error)"
        }
    }

    @Test func piecesGiveWhatOneParserGives() throws {
        let text = Self.stream
        #expect(text.utf8.count > YAMLReader.splitThreshold)
        let starts = Array(text.utf8).withUnsafeBufferPointer { YAMLReader.pieces(of: $0, count: 3) }
        #expect(starts.count == 3)
        let one = Self.outcome(text, threads: 1)
        #expect(one.hasPrefix("document 0 s.yaml"))
        for threads in [2, 3] { #expect(Self.outcome(text, threads: threads) == one, "\(threads) threads") }
        // The empty documents count in the indices of the pieces after them.
        let documents = try YAMLReader.documents(text, file: "s.yaml", threads: 3)
        #expect(documents.last!.index > documents.count)
    }

    /// An error in a later piece is reported as one parser reports it (the line counted from the
    /// file's start), and so is an error that only the whole stream shows.
    @Test func errorsAreOneParsersErrors() {
        let text = Self.stream
        let broken = text + "---\nkind: Pod\nmetadata: {name: [unclosed\n"
        let one = Self.outcome(broken, threads: 1)
        #expect(one.hasPrefix("error s.yaml:"))
        #expect(Self.outcome(broken, threads: 2) == one)
        let duplicate = text + "---\na: 1\na: 2\n"
        #expect(Self.outcome(duplicate, threads: 2) == Self.outcome(duplicate, threads: 1))
    }

    /// `SourceLoader` reads a YAML file's bytes in place (validated, never copied into a `String`):
    /// after a byte-order mark too, the documents and errors are those of the text read as a
    /// `String`, on 1, 2 and 3 threads.
    @Test func bytesReadInPlaceGiveWhatTheTextGives() {
        func loaded(_ text: String, threads: Int) -> String {
            do {
                return Self.dump(
                    try SourceLoader.documents(
                        bytes: [0xEF, 0xBB, 0xBF] + Array(text.utf8), file: "s.yaml", threads: threads))
            } catch {
                return "error \(error)"
            }
        }
        let broken = Self.stream + "---\nname: é\nkind: [x, ]]\n"
        for text in [Self.stream, broken] {
            let one = Self.outcome(text, threads: 1)
            for threads in 1...3 { #expect(loaded(text, threads: threads) == one, "\(threads) threads") }
        }
        #expect(Self.outcome(broken, threads: 1).hasPrefix("error s.yaml:"))
    }

    /// Anchors, aliases, directives and root block scalars keep the stream in one piece.
    @Test(arguments: ["x: &a 1\n", "y: *a\n", "%YAML 1.2\n", "|\n", "--- >\n"])
    func streamsThatStayWhole(_ line: String) {
        let text = Self.stream + "---\n" + line
        let starts = Array(text.utf8).withUnsafeBufferPointer { YAMLReader.pieces(of: $0, count: 2) }
        #expect(starts == [0])
    }
}
