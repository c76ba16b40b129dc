import InterlockCore
import Testing

@testable import Documents

/// Every error the document readers throw names a line and column inside the input (what the
/// manifest fuzz tests found missing), and quotes input only as a short excerpt.
@Suite struct PositionTests {
    static func error(_ text: [UInt8]) -> InputError? {
        do {
            _ = try SourceLoader.documents(bytes: text, file: "p.yaml")
            return nil
        } catch {
            return error
        }
    }

    @Test func textThatIsNotUTF8IsPlacedAtItsFirstBadByte() {
        let e = Self.error(Array("a: 1\nb: é".utf8) + [0xFF] + Array("\n".utf8))
        #expect(e == InputError(file: "p.yaml", line: 2, column: 6, "not UTF-8 text"))
    }

    @Test func controlCharactersArePlacedAtTheirByte() {
        let e = Self.error(Array("a: 1\nb: \"x\u{1}\"\n".utf8))
        #expect(e?.line == 2 && e?.column == 6, "\(String(describing: e))")
        #expect(e?.message == "invalid YAML: control characters are not allowed")
    }

    /// libyaml marks an unexpected end of input on the line after the last: it is reported at the end.
    @Test(arguments: ["a: [1, 2", "a: [1, 2\n", "a: {b"])
    func unexpectedEndIsPlacedAtTheEnd(text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let e = Self.error(Array(text.utf8))
        #expect(e?.line == lines.count && e?.column == lines.last!.count + 1, "\(String(describing: e))")
    }

    /// Leading blank lines count: YAML lines are the file's lines.
    @Test func leadingBlankLinesCount() {
        #expect(Self.error(Array("\n\n  \nkind: [x, ]]\n".utf8))?.line == 4)
    }

    @Test func excerptsAreOneShortLine() {
        #expect(InputError.excerpt("short") == "short")
        #expect(InputError.excerpt("two\nlines") == "two...")
        #expect(InputError.excerpt(String(repeating: "x", count: 41)) == String(repeating: "x", count: 40) + "...")
        let c = Cursor(
            node: .scalar(Node.Scalar(text: "root:x:0\nbin", isPlain: true, mark: Mark(line: 1, column: 1))), file: "f")
        #expect(c.describe == "'root:x:0...'")
    }
}
