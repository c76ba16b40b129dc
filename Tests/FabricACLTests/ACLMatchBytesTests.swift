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

    /// The line of `h` answered `index`, built from `String`s as the report's columns are
    /// documented: the reference the byte writer is checked against.
    static func referenceLine(_ h: PacketHeader, _ index: Int, number: Int, acl: ACL, format: ACLMatchReport.Format)
        -> String
    {
        let action = (index >= 0 ? acl.rules[index].action : acl.defaultAction).rawValue
        let source = IPv4Address(h.source).description
        let destination = IPv4Address(h.destination).description
        switch format {
        case .tsv: return "\(h.source)\t\(h.destination)\t\(h.sourcePort)\t\(h.destinationPort)\t\(h.proto)\t\(index)\n"
        case .json:
            return (number == 0 ? "\n  " : ",\n  ")
                + #"{"source":"\#(source)","destination":"\#(destination)","sourcePort":\#(h.sourcePort),"#
                + #""destinationPort":\#(h.destinationPort),"protocol":\#(h.proto),"action":"\#(action)","rule":\#(index)}"#
        case .text:
            return ACLMatchReport.textLine([
                source, destination, String(h.sourcePort), String(h.destinationPort),
                IPProtocol(rawValue: h.proto).description, index >= 0 ? action : "default-" + action, String(index),
            ])
        }
    }

    /// Headers drawn inside and outside the rules, and the extremes: every protocol number, the
    /// smallest and largest addresses and ports.
    static func headers(for rules: [ACLRule], count: Int) -> [PacketHeader] {
        var generator = ACLGenerator(seed: 11)
        let extremes = (0...255).map { (p: Int) -> PacketHeader in
            let source: UInt32 = p % 2 == 0 ? 0 : .max
            let sourcePort: UInt16 = p % 3 == 0 ? 0 : .max
            return PacketHeader(
                source: source, destination: UInt32(p) << 24 | 9, sourcePort: sourcePort,
                destinationPort: UInt16(p) * 257, proto: UInt8(p))
        }
        return generator.headers(count: count, for: rules) + extremes
    }

    /// The whole report written on 1, 2 and 3 threads (blocks of `blockSize` headers, more than one
    /// round of blocks) is the same bytes, and equals the reference lines of the linear
    /// classifier's answers; `writeLine` appends the same lines.
    @Test(arguments: ACLMatchReport.Format.allCases) func threadsWriteTheSameBytes(format: ACLMatchReport.Format) {
        var generator = ACLGenerator(seed: 11)
        // Without the rules that match nearly everything, so that some headers fall to the default.
        let rules = generator.rules(count: 200).filter {
            $0.source.prefixLength >= 8 && $0.destination.prefixLength >= 8
        }
        let headers = Self.headers(for: rules, count: 3 * ACLMatchReport.blockSize + 123)
        let acl = ACL(
            name: "a", rules: rules, defaultAction: format == .text ? .permit : .deny,
            location: SourceLocation(file: "a", line: 1))
        let report = ACLMatchReport(acl: acl, format: format)
        let linear = LinearClassifier(rules: rules)
        let answers = headers.map(linear.firstMatch)
        #expect(Set(answers).count > 100 && answers.contains(-1))
        let expected = ByteWriter()
        report.writeOpening(to: expected)
        for (i, h) in headers.enumerated() {
            expected.write(Self.referenceLine(h, answers[i], number: i, acl: acl, format: format))
        }
        report.writeClosing(lines: headers.count, to: expected)
        var lines: [UInt8] = []
        for (i, h) in headers.enumerated().prefix(1000) { report.writeLine(h, rule: answers[i], number: i, to: &lines) }
        let opening = ByteWriter()
        report.writeOpening(to: opening)
        #expect(lines == Array(expected.bytes.dropFirst(opening.bytes.count).prefix(lines.count)))
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

    /// A trace of more than 1 MiB (read in runs of lines on several threads) with blank lines,
    /// comments, carriage returns and extra columns reads as the headers written, on 1, 2 and 3
    /// threads; a malformed line in the last run is reported at its line of the whole file.
    @Test func largeTracesReadAlikeOnEveryThreadCount() throws {
        var generator = ACLGenerator(seed: 5)
        let rules = generator.rules(count: 50)
        let headers = generator.headers(count: 60_000, for: rules)
        let out = ByteWriter()
        for (i, h) in headers.enumerated() {
            if i % 997 == 0 { out.write("\n# comment \(i)\n" as String) }
            ClassBenchFormat.write(h, to: out)
            if i % 1009 == 0 { out.write(" \t\r\n" as String) }
        }
        var bytes = out.bytes
        #expect(bytes.count > 1 << 20)
        let lineCount = bytes.count { $0 == 0x0A }
        for threads in 1...3 {
            #expect(try ClassBenchFormat.parseTrace(bytes, file: "t", threads: threads) == headers)
        }
        bytes += Array("1 2 3 4 6 extra\r\n1 2 3 65536 6\n1 2 3 4 6\n".utf8)
        for threads in 1...3 {
            do {
                _ = try ClassBenchFormat.parseTrace(bytes, file: "t", threads: threads)
                Issue.record("accepted a port of 65536")
            } catch {
                #expect(
                    error.description
                        == "t:\(lineCount + 2):1: expected 'sip dip sport dport proto' as decimal integers")
            }
        }
    }

    /// An empty trace gives the opening and closing alone.
    @Test func emptyTrace() {
        let acl = ACL(name: "a", rules: [], location: SourceLocation(file: "a", line: 1))
        let out = ByteWriter()
        ACLMatchReport(acl: acl, format: .json).write([], classifier: LinearClassifier(rules: []), threads: 2, to: out)
        #expect(out.text == "[]\n")
    }
}
