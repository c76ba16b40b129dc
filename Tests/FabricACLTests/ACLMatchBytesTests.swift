import InterlockCore
import Testing

@testable import FabricACL

/// `acl match` from bytes to bytes: rule files and traces read as bytes, the report written through
/// `ByteWriter`, on one thread or several with the same bytes.
@Suite struct ACLMatchBytesTests {
    /// A generated rule set written in ClassBench syntax reads back as the same rules: the text of
    /// the rules read equals the text written, line for line.
    @Test func generatedFiltersRoundTrip() throws {
        var generator = ACLGenerator(seed: 7)
        let rules = generator.rules(count: 3000)
        let text = rules.map { ClassBenchFormat.format($0) + "\n" }.joined()
        let read = try ClassBenchFormat.parseFilters(Array(text.utf8), file: "f")
        #expect(read.count == rules.count)
        #expect(read.map { ClassBenchFormat.format($0) + "\n" }.joined() == text)
        #expect(read.map(\.source) == rules.map(\.source))
        #expect(read.map(\.destinationPorts) == rules.map(\.destinationPorts))
        #expect(read.last?.location == SourceLocation(file: "f", line: 3000))
    }

    /// Carriage returns, blank and comment lines, spaces around fields, upper-case `0X`, decimal
    /// masks and a file without a last line feed read as the plain form.
    @Test func filterSyntaxVariants() throws {
        let plain = "@10.0.0.0/8\t192.168.1.0/24\t0 : 65535\t80 : 443\t0x06/0xFF\t0x0000/0x0000\t\n"
        let variant = "\n# rules\r\n  @10.0.0.0/8 \t 192.168.1.0/24\t\t0:65535\t80 :443\t0X06/255\t0x0/0x0\r"
        let a = try ClassBenchFormat.parseFilters(Array(plain.utf8), file: "a")
        let b = try ClassBenchFormat.parseFilters(Array(variant.utf8), file: "b")
        #expect(b.map { ClassBenchFormat.format($0) + "\n" } == [plain])
        #expect(a.map { ClassBenchFormat.format($0) } == b.map { ClassBenchFormat.format($0) })
        #expect(b[0].location?.line == 3)
        #expect(ClassBenchFormat.looksLikeFilters(Array(variant.dropFirst(9).utf8)))
        #expect(!ClassBenchFormat.looksLikeFilters(Array(" \napiVersion: v1\n@".utf8)))
    }

    /// Each malformed field is named in the error, as the file wrote it, at its line.
    @Test(arguments: [
        ("@10.0.0.0/8\t1.2.3/8\t0 : 65535\t0 : 65535\t0x06/0xFF", "bad destination prefix '1.2.3/8'"),
        ("@10.0.0.0/8\t0.0.0.0/0\t0 : 65536\t0 : 65535\t0x06/0xFF", "bad source port range '0 : 65536'"),
        ("@10.0.0.0/8\t0.0.0.0/0\t0 : 1\t0 :  : 5\t0x06/0xFF", "bad destination port range '0 :  : 5'"),
        ("@10.0.0.0/8\t0.0.0.0/0\t0 : 1\t0 : 5\t0x0g/0xFF", "bad protocol '0x0g/0xFF'"),
        ("@10.0.0.0/8\t0.0.0.0/0\t0 : 1\t0 : 5\t0x06/0xFF\t0x10000/0xFFFF", "flags '0x10000/0xFFFF' out of range"),
        ("@10.0.0.0/8\t0.0.0.0/0\t0 : 1\t0 : 5\t0x06/0xFF\t0xFFFFFFFFFFFFFFFFF/0x0", "bad flags"),
    ])
    func filterErrorsQuoteTheField(line: String, message: String) {
        do {
            _ = try ClassBenchFormat.parseFilters(Array("\n\(line)\n".utf8), file: "r")
            Issue.record("accepted '\(line)'")
        } catch {
            #expect(error.description.hasPrefix("r:2:1: "))
            #expect(error.message.contains(message), "\(error)")
        }
    }

    /// The whole report written on 1, 2 and 3 threads (blocks of `blockSize` headers, more than one
    /// round of blocks) is the same bytes, and equals the lines written one by one with the
    /// reference classifier's answers.
    @Test(arguments: ACLMatchReport.Format.allCases) func threadsWriteTheSameBytes(format: ACLMatchReport.Format) {
        var generator = ACLGenerator(seed: 11)
        let rules = generator.rules(count: 200)
        let headers = generator.headers(count: 3 * ACLMatchReport.blockSize + 123, for: rules)
        let acl = ACL(name: "a", rules: rules, location: SourceLocation(file: "a", line: 1))
        let report = ACLMatchReport(acl: acl, format: format)
        let linear = LinearClassifier(rules: rules)
        let expected = ByteWriter()
        report.writeOpening(to: expected)
        var lines: [UInt8] = []
        for (i, h) in headers.enumerated() { report.writeLine(h, rule: linear.firstMatch(h), number: i, to: &lines) }
        lines.withUnsafeBufferPointer { expected.append($0) }
        report.writeClosing(lines: headers.count, to: expected)
        let tree = DecisionTreeClassifier(rules: rules)
        for threads in 1...3 {
            var pieces = 0
            var streamed: [UInt8] = []
            let out = ByteWriter(chunk: 1 << 16) { piece in
                pieces += 1
                streamed += piece
            }
            report.write(headers, classifier: tree, threads: threads, to: out)
            out.finish()
            #expect(streamed == expected.bytes, "\(threads) threads")
            #expect(pieces > 1)
        }
        #expect(expected.text.hasSuffix(format == .json ? "}\n]\n" : "\n"))
    }

    /// An empty trace gives the opening and closing alone.
    @Test func emptyTrace() {
        let acl = ACL(name: "a", rules: [], location: SourceLocation(file: "a", line: 1))
        let out = ByteWriter()
        ACLMatchReport(acl: acl, format: .json).write([], classifier: LinearClassifier(rules: []), threads: 2, to: out)
        #expect(out.text == "[]\n")
    }
}
