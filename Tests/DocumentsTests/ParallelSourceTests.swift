import Foundation
import InterlockCore
import TestSupport
import Testing

@testable import Documents

/// Files read on several threads give what one thread gives: the same documents in the order named,
/// and the first error a sequential read meets.
@Suite struct ParallelSourceTests {
    /// A directory of `count` small manifest files, YAML and JSON alternately.
    static func directory(count: Int) -> String {
        let dir = Scratch.directory()
        for i in 0..<count {
            let text =
                i % 2 == 0
                ? "kind: ConfigMap\nmetadata: {name: c\(i)}\n---\nkind: Secret\nmetadata: {name: s\(i)}\n"
                : #"{"kind": "ConfigMap", "metadata": {"name": "j\#(i)"}}"#
            FileManager.default.createFile(
                atPath: dir + "/f\(1000 + i).\(i % 2 == 0 ? "yaml" : "json")", contents: Data(text.utf8))
        }
        return dir
    }

    /// The outcome of reading `paths` on `threads` threads: each path's documents, or the error.
    static func outcome(_ paths: [String], threads: Int) -> String {
        do {
            return try SourceLoader.documentsByPath(paths, threads: threads).map { documents in
                YAMLPiecesTests.dump(documents)
            }.joined(separator: "\n=====\n")
        } catch {
            return "error \(error)"
        }
    }

    @Test func filesInParallelKeepTheirOrder() {
        let dir = Self.directory(count: 12)
        let single = Scratch.path("one.yaml")
        FileManager.default.createFile(atPath: single, contents: Data("a: 1\n".utf8))
        let paths = [dir, single, dir]
        let one = Self.outcome(paths, threads: 1)
        #expect(one.components(separatedBy: "=====").count == 3)
        for threads in [2, 4] { #expect(Self.outcome(paths, threads: threads) == one) }
    }

    /// A broken file before a missing path is reported first, as one thread reads them; the missing
    /// path before a broken file, likewise.
    @Test func theFirstErrorInOrderWins() {
        let dir = Self.directory(count: 6)
        let broken = Scratch.path("broken.yaml")
        FileManager.default.createFile(atPath: broken, contents: Data("a: [1\n".utf8))
        let missing = Scratch.path("missing.yaml")
        for paths in [[dir, broken, missing], [dir, missing, broken]] {
            let one = Self.outcome(paths, threads: 1)
            #expect(one.hasPrefix("error"))
            #expect(Self.outcome(paths, threads: 2) == one)
        }
        #expect(Self.outcome([dir, broken, missing], threads: 2).contains("broken.yaml"))
        #expect(Self.outcome([dir, missing, broken], threads: 2).contains("missing.yaml"))
    }
}
