import Capture
import CaptureAnalysis
import Findings
import Foundation
import InterlockCore
import TestSupport
import Testing

@testable import FlowLogs

@Suite struct CalicoReaderTests {
    static let json = FlowLogFixtures.path("calico-flows.log")
    static let csv = FlowLogFixtures.path("calico-flows.csv")

    @Test func felixJSONLines() throws {
        let flows = try TrafficInputs.collect(paths: [Self.json])
        #expect(flows.files.map(\.format) == ["calico"])
        #expect(flows.summary.flowLogRecords == 6)
        #expect(
            flows.warnings == [
                "\(Self.json): 1 Calico records aggregated past their addresses (names only): not judged"
            ])
        let c = flows.connections
        #expect(
            c.map(\.initiatorAddress.description) == [
                "10.244.1.2", "10.244.1.2", "10.244.1.3", "10.244.1.2", "10.244.1.2",
            ])
        #expect(c.map(\.responderPort) == [5432, 5432, 5432, 5432, 53])
        // The source's report counts out as initiator → responder, the destination's counts in.
        #expect(c.map(\.packetsFromInitiator) == [5, 5, 1, 1, 4])
        #expect(c.map(\.packetsFromResponder) == [3, 3, 1, 0, 4])
        #expect(c.map(\.bytesFromInitiator) == [268, 268, 60, 60, 272])
        #expect(
            c.map { $0.flowLog?.aggregation } == [
                "reported by the source", "reported by the destination", "reported by the destination",
                "reported by the destination",
                "reported by the source, aggregated over 4 flows, source ports aggregated",
            ])
        #expect(c[4].initiatorPort == 0)
        #expect(c.map { $0.flowLog?.verdict?.text } == ["allow", "allow", "allow", "deny", "allow"])
        #expect(c[3].flowLog?.verdict?.reason == "0|default|db/default.knp.default.default-deny|deny|-1")
        #expect(c.map { $0.lastTimestamp - $0.firstTimestamp } == Array(repeating: 10_000_000_000, count: 5))
    }

    @Test func csvReadsTheSameRecords() throws {
        let json = try TrafficInputs.collect(paths: [Self.json])
        let csv = try TrafficInputs.collect(paths: [Self.csv])
        #expect(csv.files.map(\.format) == ["calico-csv"])
        func key(_ c: Connection) -> String {
            "\(c.fiveTuple) \(c.firstTimestamp) \(c.packets) \(c.bytes) \(c.flowLog?.aggregation ?? "") "
                + (c.flowLog?.verdict?.said ?? "")
        }
        #expect(csv.connections.map(key) == json.connections.map(key))
        // The CSV's header is line 1, so its records are one line further down than the JSON's.
        #expect(csv.connections.map { $0.flowLog!.firstRecord } == json.connections.map { $0.flowLog!.firstRecord + 1 })
    }

    @Test func disagreementsWithTheCalicoAction() throws {
        let flows = try TrafficInputs.collect(paths: [Self.json])
        let analysis = try CaptureAnalyzer(engine: FlowLogFixtures.engine, fabric: nil).analyze(flows)
        let titles = analysis.findings.filter { $0.kind == .verdictDisagreement }.map(\.title).sorted()
        #expect(
            titles == [
                "Calico says allow (0|__PROFILE__|__PROFILE__.kns.db|allow|0), the policies given say denied",
                "Calico says deny (0|default|db/default.knp.default.default-deny|deny|-1), the policies given say allowed",
            ])
    }

    @Test(arguments: [
        (
            "start_time,source_ip,dest_ip,reporter,proto\n1,10.0.0.1,10.0.0.2,src",
            "bad.csv:2: 4 fields where the header names 5"
        ),
        (
            "start_time,end_time,source_ip,dest_ip,reporter,proto\n1,2,10.0.0.1,10.0.0.2,both,tcp",
            "bad.csv:2:23: reporter 'both'"
        ),
        (
            "start_time,end_time,source_ip,dest_ip,reporter,proto\n1,2,10.0.0.1,10.0.0.999,src,tcp",
            "bad.csv:2:14: dest_ip '10.0.0.999'"
        ),
        (
            "start_time,end_time,source_ip,dest_ip,reporter,proto\n2,1,10.0.0.1,10.0.0.2,src,tcp",
            "bad.csv:2:3: end_time is before"
        ),
        (
            "start_time,end_time,source_ip,dest_ip,reporter,proto\n\"1,2,10.0.0.1,10.0.0.2,src,tcp",
            "bad.csv:2: a quoted field is not closed"
        ),
    ])
    func hostileCSV(text: String, message: String) throws {
        let dir = Scratch.directory()
        try text.write(toFile: dir + "/bad.csv", atomically: true, encoding: .utf8)
        do {
            _ = try TrafficInputs.collect(paths: [dir + "/bad.csv"], format: .calicoCSV)
            Issue.record("accepted \(text)")
        } catch let error as InputError {
            #expect(error.description.hasPrefix(dir + "/" + message))
        }
    }
}
