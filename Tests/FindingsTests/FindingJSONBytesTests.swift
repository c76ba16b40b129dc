import Findings
import InterlockCore
import Testing

/// The findings' byte writer gives the bytes of their `JSON` values, for every combination of the
/// optional facts and for strings that need escapes.
@Suite struct FindingJSONBytesTests {
    static let strings = ["", "plain", "say \"hi\"", "back\\slash", "line\nbreak", "\u{1}\u{1f}", "日本語 🚀", "e\u{301}"]

    static func finding(_ random: inout SeededGenerator) -> Finding {
        func text() -> String { strings.randomElement(using: &random)! }
        func maybe<T>(_ make: () -> T) -> T? { Bool.random(using: &random) ? make() : nil }
        func endpoint() -> FindingEndpoint {
            FindingEndpoint(
                name: text(), address: maybe { text() }, port: maybe { UInt16.random(in: 0...65_535, using: &random) })
        }
        func location() -> InterlockCore.SourceLocation {
            InterlockCore.SourceLocation(
                file: text(), line: Int.random(in: 1...9999, using: &random),
                column: Int.random(in: 1...80, using: &random))
        }
        var evidence = maybe {
            Evidence(
                packets: Int.random(in: 0...1 << 40, using: &random),
                bytes: Int.random(in: 0...1 << 50, using: &random),
                firstPacket: maybe { Int.random(in: 1...1 << 30, using: &random) },
                lastPacket: maybe { Int.random(in: 1...1 << 30, using: &random) },
                firstTimestamp: maybe { Int64.random(in: 0...Int64.max, using: &random) },
                lastTimestamp: maybe { Int64.random(in: 0...Int64.max, using: &random) }, source: maybe { text() },
                flows: Int.random(in: 0...5, using: &random),
                connections: (0..<Int.random(in: 0...3, using: &random)).map { _ in
                    Int.random(in: 0...1 << 20, using: &random)
                },
                displayFilter: maybe { text() })
        }
        evidence?.positions = maybe { ["line", "record"].randomElement(using: &random)! }
        evidence?.countsKnown = Bool.random(using: &random)
        return Finding(
            kind: [.deniedButObserved, .wrongPlane, .unknownEndpoint].randomElement(using: &random)!,
            severity: Severity.allCases.randomElement(using: &random)!, title: text(), source: maybe { endpoint() },
            destination: maybe { endpoint() }, proto: maybe { text() }, network: maybe { text() },
            reasons: (0..<Int.random(in: 0...3, using: &random)).map { _ in
                FindingReason(side: .endpoint, text: text(), location: maybe { location() })
            },
            evidence: evidence, ruleID: maybe { text() }, location: maybe { location() })
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func writtenReportMatchesSerializedValue(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        let findings = (0..<300).map { _ in FindingJSONBytesTests.finding(&random) }
        let report = FindingsReport(findings: findings, warnings: ["w \"1\"", "w2"], figures: [("read", "3 \\ 4")])
        let out = ByteWriter()
        out.objectStart()
        report.writeJSONMembers(to: out)
        out.objectEnd()
        out.write(byte: UInt8(ascii: "\n"))
        #expect(out.text == report.json.serialized())
    }

    @Test func emptyReportMatchesSerializedValue() {
        let out = ByteWriter()
        out.objectStart()
        FindingsReport().writeJSONMembers(to: out)
        out.objectEnd()
        out.write(byte: UInt8(ascii: "\n"))
        #expect(out.text == FindingsReport().json.serialized())
    }
}
