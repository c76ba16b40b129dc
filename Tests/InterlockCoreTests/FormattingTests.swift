import Foundation
import InterlockCore
import Testing

@Suite struct FormattingTests {
    @Test func parsesUnits() {
        #expect(Units.parseBytes("1GiB") == 1_073_741_824)
        #expect(Units.parseBytes("2 MB") == 2_000_000)
        #expect(Units.parseBytes("512") == 512)
        #expect(Units.parseBytes("x") == nil)
        #expect(Units.parseRate("400Gb/s") == 400e9)
        #expect(Units.parseRate("3.2Tb/s") == 3.2e12)
        #expect(Units.parseRate("100") == 100e9)
        #expect(Units.parseDuration("10ms") == 0.01)
        #expect(Units.parseDuration("2m") == 120)
    }

    @Test func formatsUnits() {
        #expect(Units.formatBytes(1_073_741_824) == "1.00 GiB")
        #expect(Units.formatBytes(512) == "512 B")
        #expect(Units.formatRate(bitsPerSecond: 400e9) == "400 Gb/s")
        #expect(Units.formatRate(bitsPerSecond: 3.2e12) == "3.20 Tb/s")
        #expect(Units.formatDuration(seconds: 0.0123) == "12.3 ms")
        #expect(Units.formatPercent(0.4204) == "42.0%")
        #expect(Units.fixed(-0.004, decimals: 2) == "0.00")
    }

    @Test func tableAlignsColumns() {
        var t = TextTable(headers: ["name", "count"], alignments: [.left, .right])
        t.append(["a", "1"])
        t.append(["longer", "100"])
        #expect(t.render() == "name    count\n------  -----\na           1\nlonger    100\n")
    }

    /// The table as it was rendered with `String`s (character widths, trailing spaces trimmed by
    /// character), the reference for the byte writer.
    static func referenceRender(_ t: TextTable, indent: String) -> String {
        var widths = t.headers.map(\.count)
        for row in t.rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            var out = indent
            for (i, cell) in cells.enumerated() where i < widths.count {
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                if i > 0 { out += "  " }
                out += t.alignments[i] == .right ? pad + cell : cell + pad
            }
            while out.hasSuffix(" ") { out.removeLast() }
            return out
        }
        var lines = [
            line(t.headers), indent + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "),
        ]
        lines += t.rows.map(line)
        return lines.joined(separator: "\n") + "\n"
    }

    /// Non-ASCII cells (two-byte, wide, combining marks, CR LF), empty and blank cells, short and long
    /// rows, an indent: the bytes are those of the `String` rendering, also in pieces.
    @Test func tableBytesMatchTheStringRendering() {
        var t = TextTable(headers: ["#", "name", "", "→ bytes"], alignments: [.right, .left, .left, .right])
        t.append(["1", "é", "", "12 µs"])
        t.append(["22", "e\u{301}e\u{301}", " ", ""])
        t.append(["3", "日本語", "a\r\nb", "🚀"])
        t.append(["4"])
        t.append(["5", "  ", "x", "1", "extra"])
        t.append([])
        for indent in ["", "  "] {
            #expect(t.render(indent: indent) == FormattingTests.referenceRender(t, indent: indent))
            var pieces: [UInt8] = []
            let out = ByteWriter(chunk: 1) { pieces += $0 }
            t.write(to: out, indent: indent)
            out.finish()
            #expect(String(decoding: pieces, as: UTF8.self) == FormattingTests.referenceRender(t, indent: indent))
        }
    }

    @Test func jsonEscapesAndKeepsOrder() {
        let v: JSON = ["b": 1, "a": ["x\"y\n", .null, 1.5, true]]
        #expect(v.serialized(pretty: false) == #"{"b":1,"a":["x\"y\n",null,1.5,true]}"#)
    }

    /// Every escape RFC 8259 requires, at the start, the middle and the end of a string, between
    /// runs copied whole; and random strings read back by Foundation's parser as they were.
    @Test func jsonEscapesEveryControlCharacter() throws {
        #expect(
            JSON.string("\"a\\b\nc\rd\te\u{01}f\u{1F}é\\").serialized(pretty: false)
                == #""\"a\\b\nc\rd\te\u0001f\u001fé\\""#)
        #expect(JSON.string("").serialized(pretty: false) == #""""#)
        var random = SeededGenerator(seed: 3)
        let alphabet: [Character] = ["a", "\"", "\\", "\n", "\u{0}", "\u{7}", "\u{1F}", " ", "é", "日", "🚀", "/"]
        for _ in 0..<200 {
            let s = String(
                (0..<Int.random(in: 0..<24, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
            let text = JSON.array([.string(s)]).serialized(pretty: false)
            let back = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String]
            #expect(back == [s])
        }
    }

    /// Serializing in pieces gives the same bytes as serializing whole, however small the pieces,
    /// and no piece but the last is cut below the chunk size.
    @Test(arguments: [1, 7, 64, 1 << 20]) func piecesJoinToTheWholeText(chunk: Int) {
        let doc: JSON = [
            "summary": ["n": 3, "empty": [:], "list": []],
            "findings": .array(
                (0..<40).map { i in ["id": .int(i), "text": .string("a \"quoted\"\n\(i)"), "x": [1.5, .null, true]] }),
        ]
        for pretty in [true, false] {
            var pieces: [[UInt8]] = []
            doc.serialize(pretty: pretty, chunk: chunk) { pieces.append(Array($0)) }
            #expect(String(decoding: pieces.joined(), as: UTF8.self) == doc.serialized(pretty: pretty))
            #expect(pieces.dropLast().allSatisfy { $0.count >= chunk })
        }
    }

    @Test func csvQuotesWhenNeeded() {
        #expect(CSV.row(["a", "b,c", "d\"e"]) == #"a,"b,c","d""e""#)
    }
}

@Suite struct YAMLOutputTests {
    @Test func quotesWhatWouldReadBackAsSomethingElse() {
        let v: JSON = [
            "a": "80", "b": "true", "c": "plain text", "d": "x: y", "e": "", "f": "10.0.0.0/8",
            "g": "-dash", "h": "1.5", "i": "dgx0001", "j": "0x1F", "k": "a #b", "l": "12:30",
        ]
        #expect(
            v.yaml() == """
                a: "80"
                b: "true"
                c: plain text
                d: "x: y"
                e: ""
                f: 10.0.0.0/8
                g: "-dash"
                h: "1.5"
                i: dgx0001
                j: "0x1F"
                k: "a #b"
                l: "12:30"

                """)
    }

    @Test func nestsMappingsAndSequences() {
        let v: JSON = [
            "kind": "Pod", "metadata": ["name": "a", "labels": ["app": "web"]],
            "spec": ["containers": [["name": "c", "ports": [["containerPort": 80]]]], "empty": [:]],
            "list": [1, [2, 3]],
        ]
        #expect(
            v.yaml() == """
                kind: Pod
                metadata:
                  name: a
                  labels:
                    app: web
                spec:
                  containers:
                  - name: c
                    ports:
                    - containerPort: 80
                  empty: {}
                list:
                - 1
                -
                  - 2
                  - 3

                """)
    }
}
