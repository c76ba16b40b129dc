import Capture
import InterlockCore
import Testing

@testable import FlowLogs

/// A flow log's section of a partial result, read back: every field of every connection its reader
/// made, the records read and the warnings, as they were.
@Suite struct FlowLogSectionTests {
    /// The section of `log`, read back.
    static func roundTrip(_ log: ReadFlowLog) throws -> ReadFlowLog {
        var body = BinaryReader(log.section, file: "section")
        let back = try ReadFlowLog(path: log.path, reading: &body)
        #expect(body.atEnd)
        return back
    }

    static func expectSame(_ a: ReadFlowLog, _ b: ReadFlowLog) {
        #expect(a.format == b.format && a.format.isText == b.format.isText)
        #expect(a.contents.records == b.contents.records && a.contents.warnings == b.contents.warnings)
        #expect(a.contents.flows.map { String(describing: $0) } == b.contents.flows.map { String(describing: $0) })
    }

    @Test(arguments: [
        ("hubble-shop.jsonl", InputFormat.hubble), ("zeek-conn.log", .zeek), ("zeek-conn.json", .zeekJSON),
        ("calico-flows.log", .calico), ("calico-flows.csv", .calicoCSV),
    ])
    func committedFixtures(_ name: String, _ format: InputFormat) throws {
        let log = try ReadFlowLog(
            path: FlowLogFixtures.path(name), format: format, configuration: TrackerConfiguration())
        #expect(!log.contents.flows.isEmpty)
        Self.expectSame(log, try Self.roundTrip(log))
    }

    /// Every optional part present (IPv6, counts both ways, a label, a verdict with its reason), and
    /// none of them.
    @Test func everyFieldRoundTrips() throws {
        let tuple = FiveTuple(
            source: IPAddress("fd00::1")!, sourcePort: 40001, destination: IPAddress("fd00::2")!,
            destinationPort: 4791, proto: .udp)
        let full = LoggedFlow(
            tuple: tuple, direction: .logged, firstTimestamp: -5, lastTimestamp: 1 << 62,
            packets: (3, UInt64.max), bytes: (1500, 0), replied: true, firstRecord: 7, lastRecord: 90,
            aggregation: "sampled 1 in 100",
            verdict: LoggedVerdict(
                reporter: "Hubble", text: "DROPPED", allowed: false, byPolicy: true, reason: "POLICY_DENIED",
                record: 12))
        var bare = full
        bare.tuple = FiveTuple(
            source: IPAddress("10.0.0.1")!, sourcePort: 8, destination: IPAddress("10.0.0.2")!, destinationPort: 0,
            proto: .icmp)
        bare.direction = .firstPacket
        (bare.packets, bare.bytes, bare.replied, bare.aggregation, bare.verdict) = (nil, nil, false, nil, nil)
        var contents = FlowLogContents()
        contents.flows = [full, bare]
        contents.records = 91
        contents.warnings = ["x.ipfix: 1 options record skipped"]
        var log = try ReadFlowLog(
            path: FlowLogFixtures.path("zeek-conn.log"), format: .zeek, configuration: TrackerConfiguration())
        (log.format, log.contents) = (FlowLogFormatName("ipfix", text: false), contents)
        let back = try Self.roundTrip(log)
        Self.expectSame(log, back)
        #expect(back.contents.flows[0].verdict == full.verdict)
        #expect(back.contents.flows[1].tuple == bare.tuple)
    }

    /// A section cut short is refused as a truncated partial result.
    @Test func truncatedSectionIsRefused() throws {
        let log = try ReadFlowLog(
            path: FlowLogFixtures.path("zeek-conn.log"), format: .zeek, configuration: TrackerConfiguration())
        var body = BinaryReader(Array(log.section.dropLast(3)), file: "cut.partial")
        #expect(throws: InputError.self) { try ReadFlowLog(path: log.path, reading: &body) }
    }
}
