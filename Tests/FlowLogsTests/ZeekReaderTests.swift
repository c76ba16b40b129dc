import Capture
import Foundation
import InterlockCore
import TestSupport
import Testing

@testable import FlowLogs

@Suite struct ZeekReaderTests {
    static let tsv = FlowLogFixtures.path("zeek-conn.log")
    static let json = FlowLogFixtures.path("zeek-conn.json")

    @Test func connLogTSV() throws {
        let flows = try TrafficInputs.collect(paths: [Self.tsv])
        #expect(flows.files.map(\.format) == ["zeek"])
        #expect(flows.summary.flowLogRecords == 5)
        let c = flows.connections
        #expect(
            c.map(\.initiatorAddress.description) == [
                "10.244.1.2", "10.244.1.3", "10.244.1.2", "10.244.1.3", "fd00::1",
            ])
        #expect(c.map(\.responderPort) == [5432, 5432, 53, 0, 443])
        #expect(c.map(\.proto) == [.tcp, .tcp, .udp, .icmp, .tcp])
        // ICMP "ports" are the type and code.
        #expect(c[3].initiatorPort == 8)
        #expect(c.allSatisfy { $0.direction == .logged && $0.flowLog?.aggregation == nil })
        #expect(c.map(\.packetsFromInitiator) == [5, 1, 1, 2, 9])
        #expect(c.map(\.packetsFromResponder) == [3, 0, 1, 2, 8])
        #expect(c.map(\.bytesFromInitiator) == [268, 60, 68, 168, 1209])
        #expect(c.map(\.bytesFromResponder) == [164, 0, 84, 168, 4736])
        #expect(c.map { $0.flowLog?.evidence } == ["line 9", "line 10", "line 11", "line 12", "line 13"])
        // ts is the first packet; ts + duration the last; an unset duration is a single instant.
        #expect(c[0].firstTimestamp == 1_772_445_600_000_100_000)
        #expect(c[0].lastTimestamp == 1_772_445_600_000_400_000)
        #expect(c[1].lastTimestamp == c[1].firstTimestamp)
        #expect(c[3].lastTimestamp - c[3].firstTimestamp == 1_000_250_000)
        #expect(c[4].lastTimestamp - c[4].firstTimestamp == 2_500_000_000)
        #expect(c.map { $0.flowLog?.replied } == [true, false, true, true, true])
    }

    @Test func jsonVariantReadsTheSameConnections() throws {
        let tsv = try TrafficInputs.collect(paths: [Self.tsv]).connections
        let json = try TrafficInputs.collect(paths: [Self.json])
        #expect(json.files.map(\.format) == ["zeek-json"])
        struct Same: Equatable {
            var tuple: FiveTuple
            var times: [Int64]
            var counts: [UInt64]
            var line: Int?
            init(_ c: Connection, firstLine: Int) {
                tuple = c.fiveTuple
                times = [c.firstTimestamp, c.lastTimestamp]
                counts = [c.packetsFromInitiator, c.packetsFromResponder, c.bytesFromInitiator, c.bytesFromResponder]
                line = c.flowLog.map { $0.firstRecord - firstLine }
            }
        }
        // The TSV's records start on line 9 (after 8 header lines), the JSON's on line 1.
        #expect(json.connections.map { Same($0, firstLine: 1) } == tsv.map { Same($0, firstLine: 9) })
    }

    @Test func fieldsByNameAndUnknownCounts() throws {
        // A conn.log written with fewer columns, in another order: no counts, so unknown.
        let text = [
            "#separator \\x09", "#set_separator\t,", "#empty_field\t(empty)", "#unset_field\t-", "#path\tconn",
            "#fields\tproto\tid.resp_p\tid.resp_h\tid.orig_p\tid.orig_h\tts",
            "#types\tenum\tport\taddr\tport\taddr\ttime", "udp\t53\t10.0.0.53\t5353\t10.0.0.1\t1700000000.5",
        ].joined(separator: "\n")
        let path = try FlowLogFixtures.write(text, name: "cut.log")
        let c = try #require(try TrafficInputs.collect(paths: [path]).connections.first)
        #expect(
            "\(c.initiatorAddress):\(c.initiatorPort) \(c.responderAddress):\(c.responderPort)"
                == "10.0.0.1:5353 10.0.0.53:53")
        #expect(c.flowLog?.packetsKnown == false && c.flowLog?.bytesKnown == false)
        #expect(
            ConnectionReport.csv(try TrafficInputs.collect(paths: [path])).contains("unknown,unknown,unknown,unknown")
        )
        #expect(c.firstTimestamp == 1_700_000_000_500_000_000)
    }

    static let header = [
        "#separator \\x09", "#path\tconn", "#fields\tts\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto",
        "#types\ttime\taddr\tport\taddr\tport\tenum",
    ]

    @Test(arguments: [
        (header + ["1700000000.0\t10.0.0.1\t1\t10.0.0.2"], "hostile.log:5: 4 fields where #fields names 6"),
        (
            header + ["1700000000.0\t10.0.0.1\t99999\t10.0.0.2\t2\ttcp"],
            "hostile.log:5:23: id.orig_p '99999' is not a port"
        ),
        (
            header + ["1700000000.0\t10.0.0.x\t1\t10.0.0.2\t2\ttcp"],
            "hostile.log:5:14: id.orig_h '10.0.0.x' is not an IP"
        ),
        (
            header + ["1700000000.0\t10.0.0.1\t1\t10.0.0.2\t2\tsctp"],
            "hostile.log:5:36: proto 'sctp' is not tcp, udp or icmp"
        ),
        (header + ["soon\t10.0.0.1\t1\t10.0.0.2\t2\ttcp"], "hostile.log:5:1: ts 'soon' is not a time in seconds"),
        (["#separator \\x09", "#path\tdns"], "hostile.log:2: #path is 'dns'"),
        (["1700000000.0\t10.0.0.1"], "hostile.log:1: a record before the #fields header line"),
        (
            ["#separator \\x09", "#fields\tts\tid.orig_p", "#types\ttime\tcount"],
            "hostile.log:3: field id.orig_p has type count, conn.log's is port"
        ),
    ])
    func hostileInputIsRefusedWithItsLine(lines: [String], message: String) throws {
        let dir = Scratch.directory()
        let path = dir + "/hostile.log"
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try TrafficInputs.collect(paths: [path], format: .zeek)
            Issue.record("accepted \(lines.last!)")
        } catch let error as InputError {
            #expect(error.description.hasPrefix(dir + "/" + message))
        }
    }

    @Test func jsonHostileFieldPointsAtItsColumn() throws {
        let path = try FlowLogFixtures.write(
            #"{"ts":1,"id.orig_h":"10.0.0.1","id.orig_p":1,"id.resp_h":"10.0.0.2","id.resp_p":-4,"proto":"tcp"}"#,
            name: "z.json")
        #expect(throws: InputError(file: path, line: 1, column: 81, "id.resp_p '-4' is not a port (0-65535)")) {
            try TrafficInputs.collect(paths: [path])
        }
    }
}
