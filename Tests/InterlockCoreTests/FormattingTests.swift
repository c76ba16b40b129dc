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
