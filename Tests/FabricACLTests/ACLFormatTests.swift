import InterlockCore
import Testing

@testable import Documents
@testable import FabricACL

@Suite struct ACLFormatTests {
    @Test func classBenchFilterRoundTrip() throws {
        let text =
            "@186.11.101.36/32\t20.69.109.43/32\t0 : 65535\t1521 : 1521\t0x06/0xFF\t0x1000/0x1000\t\n"
            + "@37.184.89.216/29\t37.184.85.16/29\t7648 : 7648\t24032 : 24032\t0x11/0xFF\t0x0000/0x0000\t\n"
            + "@0.0.0.0/0\t0.0.0.0/0\t0 : 65535\t0 : 65535\t0x00/0x00\t0x0000/0x0000\t\n"
        let rules = try ClassBenchFormat.parseFilters(Array(text.utf8), file: "f")
        #expect(rules.count == 3)
        #expect(rules[0].destinationPorts == PortRange(1521))
        #expect(rules[0].protocolValue == 6 && rules[0].protocolMask == 0xFF)
        #expect(rules[0].tcpFlags == 0x1000 && rules[0].tcpFlagsMask == 0x1000)
        #expect(rules[1].source.description == "37.184.89.216/29")
        #expect(rules[2].location == SourceLocation(file: "f", line: 3))
        let written = rules.map { ClassBenchFormat.format($0) + "\n" }.joined()
        #expect(written == text)
    }

    @Test func classBenchHostBitsAreMasked() throws {
        let rules = try ClassBenchFormat.parseFilters(
            Array("@10.1.2.3/8\t0.0.0.0/0\t0 : 65535\t0 : 65535\t0x00/0x00\n".utf8), file: "f")
        #expect(rules[0].source.description == "10.0.0.0/8")
    }

    @Test(arguments: [
        ("@10.0.0.0/8\t0.0.0.0/0\t0 : 65535\t0 : 65535\n", "expected 5 or 6"),
        ("@10.0.0.0/40\t0.0.0.0/0\t0 : 65535\t0 : 65535\t0x06/0xFF\n", "bad source prefix"),
        ("@10.0.0.0/8\t0.0.0.0/0\t9 : 1\t0 : 65535\t0x06/0xFF\n", "bad source port range"),
        ("@10.0.0.0/8\t0.0.0.0/0\t0 : 65535\t0 : 65535\t0x106/0xFF\n", "out of range"),
        ("10.0.0.0/8\t0.0.0.0/0\t0 : 65535\t0 : 65535\t0x06/0xFF\n", "must start with '@'"),
    ])
    func classBenchErrorsNameTheLine(text: String, message: String) {
        do {
            _ = try ClassBenchFormat.parseFilters(Array(("# header comment\n" + text).utf8), file: "rules.txt")
            Issue.record("expected an error")
        } catch {
            #expect(error.file == "rules.txt" && error.line == 2)
            #expect(error.message.contains(message), "\(error)")
        }
    }

    @Test func traceParsingIgnoresExtraColumns() throws {
        let headers = try ClassBenchFormat.parseTrace(
            Array("3121243428\t339029291\t1024\t1521\t6\t1\n1 2 3 4 17\n".utf8), file: "t")
        #expect(headers.count == 2)
        #expect(
            headers[0]
                == PacketHeader(
                    source: 3121243428, destination: 339029291, sourcePort: 1024,
                    destinationPort: 1521, proto: 6))
        #expect(throws: InputError.self) { try ClassBenchFormat.parseTrace(Array("1 2 3 70000 6\n".utf8), file: "t") }
    }

    /// The trace reader works on bytes: blank and `#` lines are skipped, fields split at tabs,
    /// spaces and carriage returns, a last line without a newline counts, and every malformed line
    /// (too few fields, a value out of range, a sign or letter) is an error at its line.
    @Test func traceParsingFromBytes() throws {
        let text = "# sip dip sport dport proto\n\n  4294967295 0\t65535 0 255\r\n\t1 +2 3 4 17 extra words\n9 8 7 6 1"
        let headers = try ClassBenchFormat.parseTrace(Array(text.utf8), file: "t")
        #expect(
            headers == [
                PacketHeader(source: 4_294_967_295, destination: 0, sourcePort: 65535, destinationPort: 0, proto: 255),
                PacketHeader(source: 1, destination: 2, sourcePort: 3, destinationPort: 4, proto: 17),
                PacketHeader(source: 9, destination: 8, sourcePort: 7, destinationPort: 6, proto: 1),
            ])
        #expect(try ClassBenchFormat.parseTrace([], file: "t").isEmpty)
        for bad in ["1 2 3 4", "4294967296 0 0 0 6", "1 2 3 4 256", "1 2 3 -4 6", "1 2 3 4x 6", "1 2 3 4 +"] {
            do {
                _ = try ClassBenchFormat.parseTrace(Array("1 2 3 4 6\n\(bad)\n".utf8), file: "t")
                Issue.record("accepted '\(bad)'")
            } catch {
                #expect(error.description == "t:2:1: expected 'sip dip sport dport proto' as decimal integers")
            }
        }
    }

    /// `acl match`'s lines, written as bytes, in each format: a matched header and one that fell
    /// to the default action.
    @Test func matchReportLines() {
        let rules = [
            ACLRule(
                source: IPv4CIDR(IPv4Address(0), prefixLength: 0),
                destination: IPv4CIDR(IPv4Address(0), prefixLength: 0),
                action: .deny)
        ]
        let acl = ACL(name: "a", rules: rules, location: SourceLocation(file: "a", line: 1))
        let h = PacketHeader(
            source: 0x0A00_0001, destination: 0xC0A8_FFFE, sourcePort: 0, destinationPort: 65535, proto: 6)
        let g = PacketHeader(source: 0, destination: 4_294_967_295, sourcePort: 1234, destinationPort: 80, proto: 200)
        func render(_ format: ACLMatchReport.Format) -> String {
            let report = ACLMatchReport(acl: acl, format: format)
            let out = ByteWriter()
            report.writeOpening(to: out)
            var lines: [UInt8] = []
            report.writeLine(h, rule: 0, number: 0, to: &lines)
            report.writeLine(g, rule: -1, number: 1, to: &lines)
            lines.withUnsafeBufferPointer { out.append($0) }
            report.writeClosing(lines: 2, to: out)
            return out.text
        }
        #expect(render(.tsv) == "167772161\t3232301054\t0\t65535\t6\t0\n0\t4294967295\t1234\t80\t200\t-1\n")
        #expect(
            render(.json) == """
                [
                  {"source":"10.0.0.1","destination":"192.168.255.254","sourcePort":0,"destinationPort":65535,\
                "protocol":6,"action":"deny","rule":0},
                  {"source":"0.0.0.0","destination":"255.255.255.255","sourcePort":1234,"destinationPort":80,\
                "protocol":200,"action":"deny","rule":-1}
                ]

                """)
        #expect(
            render(.text) == """
                SOURCE           DESTINATION      SPORT  DPORT  PROTO   ACTION          RULE
                10.0.0.1         192.168.255.254  0      65535  TCP     deny            0
                0.0.0.0          255.255.255.255  1234   80     200     default-deny    -1

                """)
    }

    @Test func yamlACL() throws {
        let yaml = """
            apiVersion: interlock.dev/v1
            kind: FabricACL
            metadata: {name: storage-only}
            spec:
              attachTo: {plane: storage}
              rules:
              - name: nfs
                action: permit
                protocol: TCP
                destination: 10.20.0.0/16
                destinationPorts: 2049
              - action: deny
                source: 10.0.0.0/8
            """
        let acls = try ACLDocument.acls(from: YAMLReader.documents(yaml, file: "acl.yaml"))
        #expect(acls.count == 1)
        let acl = acls[0]
        #expect(acl.attachment == .plane("storage"))
        #expect(acl.defaultAction == .deny)
        #expect(acl.rules[0].remark == "nfs" && acl.rules[0].protocolValue == 6 && acl.rules[0].protocolMask == 0xFF)
        #expect(acl.rules[1].protocolMask == 0 && acl.rules[1].destination.prefixLength == 0)
        #expect(acl.rules[1].location?.line == 12)
    }

    @Test(arguments: [
        ("source: 10.0.0.1/8", "host bits"),
        ("protocol: XYZ", "unknown protocol"),
        ("destinationPorts: 80-70", "invalid port"),
        ("colour: blue", "unknown field 'colour'"),
    ])
    func yamlErrorsNameLineAndColumn(line: String, message: String) {
        let yaml = "kind: FabricACL\nmetadata: {name: a}\nspec:\n  rules:\n  - action: permit\n    \(line)\n"
        do {
            _ = try ACLDocument.acls(from: YAMLReader.documents(yaml, file: "acl.yaml"))
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 6, "\(error)")
            #expect(error.message.contains(message), "\(error)")
        }
    }
}
