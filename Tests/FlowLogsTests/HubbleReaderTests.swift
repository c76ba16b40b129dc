import Capture
import CaptureAnalysis
import Findings
import Foundation
import InterlockCore
import TestSupport
import Testing

@testable import FlowLogs

@Suite struct HubbleReaderTests {
    static let fixture = FlowLogFixtures.path("hubble-shop.jsonl")

    @Test func eventsJoinIntoConnections() throws {
        let flows = try TrafficInputs.collect(paths: [Self.fixture])
        #expect(flows.summary.flowLogRecords == 11)
        #expect(flows.summary.packetsRead == 0)
        #expect(flows.files.map(\.format) == ["hubble"])
        #expect(flows.warnings == ["\(Self.fixture): 1 Hubble events that are not flows skipped"])
        let c = flows.connections
        #expect(
            c.map(\.initiatorAddress.description) == [
                "10.244.1.2", "10.244.1.3", "10.244.1.2", "10.244.1.3", "10.244.1.2", "10.244.1.2",
            ])
        #expect(
            c.map(\.responderAddress.description) == [
                "10.244.2.2", "10.244.2.2", "10.244.2.2", "10.244.2.3", "10.244.2.2", "203.0.113.53",
            ])
        #expect(c.map(\.proto) == [.tcp, .tcp, .tcp, .tcp, .tcp, .udp])
        #expect(c.map(\.initiatorPort) == [40001, 40002, 40003, 40004, 40005, 50000])
        #expect(c.map(\.responderPort) == [5432, 5432, 5432, 9000, 5432, 53])
        #expect(c.allSatisfy { $0.direction == .logged })
        // Hubble counts neither packets nor bytes: unknown, with the events as evidence.
        #expect(c.allSatisfy { $0.flowLog?.packetsKnown == false && $0.flowLog?.bytesKnown == false })
        #expect(
            c.map { $0.flowLog?.evidence } == ["lines 1-3", "lines 4-5", "line 7", "line 8", "line 9", "lines 10-11"])
        #expect(
            c.map { $0.flowLog?.aggregation } == [
                "3 Hubble events", "2 Hubble events", "1 Hubble event", "1 Hubble event", "1 Hubble event",
                "2 Hubble events",
            ])
        #expect(
            c.map { $0.flowLog?.verdict?.said } == [
                "Hubble says FORWARDED", "Hubble says FORWARDED", "Hubble says DROPPED (POLICY_DENIED)",
                "Hubble says DROPPED (POLICY_DENIED)", "Hubble says DROPPED (CT_MAP_INSERTION_FAILED)",
                "Hubble says FORWARDED",
            ])
        #expect(c.map { $0.flowLog?.verdict?.byPolicy } == [true, true, true, true, false, true])
        #expect(c[0].firstTimestamp == RFC3339.nanoseconds("2026-03-02T10:00:00.0001Z"))
        #expect(c[0].lastTimestamp - c[0].firstTimestamp == 300_000)
    }

    @Test func reportsSayUnknownNotZero() throws {
        let flows = try TrafficInputs.collect(paths: [Self.fixture])
        let json = ConnectionReport.json(flows.connections[0]).serialized(pretty: false)
        #expect(json.contains(#""packets":{"fromInitiator":"unknown","fromResponder":"unknown"}"#))
        #expect(json.contains(#""flowLog":{"format":"hubble","evidence":"lines 1-3","aggregation":"3 Hubble events""#))
        let csv = ConnectionReport.csv(flows).split(separator: "\n")
        #expect(csv[1].contains(",logged,unknown,unknown,unknown,unknown,"))
        let text = ConnectionReport.text(flows)
        #expect(text.contains("6 connections; 11 flow-log records read\n"))
        #expect(!text.contains("packets read"))
        #expect(text.contains("hubble lines 1-3, 3 Hubble events, Hubble says FORWARDED"))
    }

    @Test func detectedByContentNotName() throws {
        let misnamed = Scratch.path("flows.pcap")
        try FileManager.default.copyItem(atPath: Self.fixture, toPath: misnamed)
        #expect(try TrafficInputs.collect(paths: [misnamed]).connections.count == 6)
        // Named a capture, it is refused by libpcap, as any file that is not one.
        #expect(throws: InputError.self) { try TrafficInputs.collect(paths: [misnamed], format: .pcap) }
        #expect(throws: InputError.self) { try TrafficInputs.collect(paths: [Self.fixture], filter: "tcp") }
    }

    @Test(arguments: [
        (
            #"{"flow":{"time":"2026-03-02T10:00:00Z","IP":{"source":"10.0.0.1","destination":"10.0.0.2"},"#, ":2:1:",
            "invalid JSON"
        ),
        (
            #"{"flow":{"time":"yesterday","IP":{"source":"10.0.0.1","destination":"10.0.0.2"},"l4":{"UDP":{}}}}"#,
            ":2:", "expected an RFC 3339 time"
        ),
        (
            #"{"flow":{"time":"2026-03-02T10:00:00Z","IP":{"source":"10.0.0.300","destination":"10.0.0.2"},"l4":{"UDP":{}}}}"#,
            ":2:", "expected an IP address"
        ),
        (
            #"{"flow":{"time":"2026-03-02T10:00:00Z","IP":{"source":"10.0.0.1","destination":"10.0.0.2"},"l4":{"TCP":{"destination_port":70000}}}}"#,
            ":2:", "destination_port 70000 is out of range 0-65535"
        ),
        (
            #"{"flow":{"time":"2026-03-02T10:00:00Z","IP":{"source":"10.0.0.1","destination":"::1"},"l4":{"UDP":{}}}}"#,
            ":2:", "source and destination IP versions differ"
        ),
        (
            #"{"flow":{"time":"2026-03-02T10:00:00Z","IP":{"source":"10.0.0.1","destination":"10.0.0.2"},"l4":{"GRE":{}}}}"#,
            ":2:", "expected one of TCP, UDP, SCTP, ICMPv4, ICMPv6 in l4"
        ),
    ])
    func hostileLinesAreRefusedWithTheirLine(line: String, position: String, message: String) throws {
        let good =
            #"{"flow":{"time":"2026-03-02T10:00:00Z","verdict":"FORWARDED","IP":{"source":"10.0.0.1","destination":"10.0.0.2"},"l4":{"UDP":{"source_port":1,"destination_port":2}}}}"#
        // A line cut short is reported where the JSON stops making sense: the next line's start.
        let text = position == ":2:1:" ? line + "\n" + good : good + "\n" + line + "\n"
        let path = try FlowLogFixtures.write(text, name: "hostile.jsonl")
        do {
            _ = try TrafficInputs.collect(paths: [path], format: .hubble)
            Issue.record("accepted \(line)")
        } catch let error as InputError {
            #expect(error.description.hasPrefix(path + position))
            #expect(error.description.contains(message))
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func rfc3339RoundTripsThroughTheReportsFormatter() {
        for ns: Int64 in [0, 1, 999_999_999, 1_772_445_600_000_100_000, 951_782_400_123_456_789, -1_000_000_001] {
            #expect(RFC3339.nanoseconds(Timestamp.rfc3339(ns)) == ns)
        }
        #expect(RFC3339.nanoseconds("2026-03-02T11:00:00+01:00") == RFC3339.nanoseconds("2026-03-02T10:00:00Z"))
        #expect(RFC3339.nanoseconds("2026-03-02T10:00:00.5Z")! % 1_000_000_000 == 500_000_000)
        for bad in ["2026-03-02", "2026-13-02T10:00:00Z", "2026-03-02T10:00:00", "2026-03-02T10:00:00.Z"] {
            #expect(RFC3339.nanoseconds(bad) == nil)
        }
    }
}
