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
        let rules = try ClassBenchFormat.parseFilters(text, file: "f")
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
            "@10.1.2.3/8\t0.0.0.0/0\t0 : 65535\t0 : 65535\t0x00/0x00\n", file: "f")
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
            _ = try ClassBenchFormat.parseFilters("# header comment\n" + text, file: "rules.txt")
            Issue.record("expected an error")
        } catch {
            #expect(error.file == "rules.txt" && error.line == 2)
            #expect(error.message.contains(message), "\(error)")
        }
    }

    @Test func traceParsingIgnoresExtraColumns() throws {
        let headers = try ClassBenchFormat.parseTrace(
            "3121243428\t339029291\t1024\t1521\t6\t1\n1 2 3 4 17\n", file: "t")
        #expect(headers.count == 2)
        #expect(
            headers[0]
                == PacketHeader(
                    source: 3121243428, destination: 339029291, sourcePort: 1024,
                    destinationPort: 1521, proto: 6))
        #expect(throws: InputError.self) { try ClassBenchFormat.parseTrace("1 2 3 70000 6\n", file: "t") }
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
