import InterlockCore
import Testing

/// `PathText` splits a path as POSIX `dirname` and `basename` do (IEEE Std 1003.1, XCU `dirname`
/// and `basename`), except that a bare name's directory is empty rather than `.`.
@Suite struct PathTextTests {
    @Test(arguments: [
        ("R", "", "R"), ("R/", "", "R"), ("out.txt", "", "out.txt"), ("a/R", "a", "R"), ("a/b/c.yaml", "a/b", "c.yaml"),
        ("/R", "/", "R"), ("/a/R//", "/a", "R"), ("a//R", "a", "R"), ("/", "/", "/"), ("//", "/", "/"), ("", "", ""),
        ("./R", ".", "R"), ("é/ü", "é", "ü"),
    ])
    func splitsAtTheLastSlash(_ path: String, _ directory: String, _ last: String) {
        #expect(PathText.directory(of: path) == directory, "\(path)")
        #expect(PathText.lastComponent(of: path) == last, "\(path)")
    }

    /// Joining the parts gives back a path naming the same file, for generated paths.
    @Test func directoryAndLastComponentRebuildThePath() {
        var generator = SeededGenerator(seed: 21)
        let pieces = ["a", "bc", "R", "é", ".", ".."]
        for _ in 0..<500 {
            let count = Int.random(in: 1...4, using: &generator)
            let parts = (0..<count).map { _ in pieces.randomElement(using: &generator)! }
            let absolute = Bool.random(using: &generator)
            let path = (absolute ? "/" : "") + parts.joined(separator: "/")
            let directory = PathText.directory(of: path)
            let rebuilt = directory.isEmpty ? parts.last! : (directory == "/" ? "/" : directory + "/") + parts.last!
            #expect(rebuilt == path)
            #expect(PathText.lastComponent(of: path) == parts.last!)
        }
    }
}
