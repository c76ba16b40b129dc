import Capture
import CaptureAnalysis
import Findings
import Testing

@testable import FlowLogs

/// Hubble's own verdicts compared with the policies given, both ways.
@Suite struct LoggedVerdictTests {
    @Test func disagreementsBothWays() throws {
        let flows = try TrafficInputs.collect(paths: [HubbleReaderTests.fixture])
        let analyzer = try CaptureAnalyzer(engine: FlowLogFixtures.engine, fabric: nil)
        let analysis = analyzer.analyze(flows)
        let disagreements = analysis.findings.filter { $0.kind == .verdictDisagreement }
        #expect(
            disagreements.map(\.title).sorted() == [
                "Hubble says DROPPED (POLICY_DENIED), the policies given say allowed",
                "Hubble says FORWARDED, the policies given say denied",
            ])
        let forwarded = try #require(disagreements.first { $0.title.contains("FORWARDED") })
        #expect(forwarded.source?.address == "10.244.1.3")
        #expect(forwarded.destination?.address == "10.244.2.2")
        #expect(forwarded.evidence?.connections == [1])
        #expect(forwarded.evidence?.firstPacket == 4)
        // Lines of the log, not frames; counts unknown, not 0; no Wireshark filter for a log.
        #expect(forwarded.evidence?.positions == "line" && forwarded.evidence?.countsKnown == false)
        #expect(forwarded.evidence?.displayFilter == nil)
        let report = FindingsReport(findings: [forwarded], warnings: [], figures: [])
        #expect(
            report.text().contains(
                "evidence: packets and bytes unknown, lines 4-5, in \(HubbleReaderTests.fixture)\n"))
        let json = report.json.serialized(pretty: false)
        #expect(
            json.contains(
                #""evidence":{"packets":"unknown","bytes":"unknown","flows":1,"positions":"line","firstPacket":4,"lastPacket":5"#
            ))
        #expect(forwarded.reasons.first?.text == "\(HubbleReaderTests.fixture) line 4: Hubble logged FORWARDED")
        let dropped = try #require(disagreements.first { $0.title.contains("DROPPED") })
        #expect(dropped.source?.address == "10.244.1.2")
        #expect(dropped.evidence?.connections == [2])
        #expect(dropped.evidence?.packets == 0)
        // The drop the policies agree with (batch → api) and the drop for another reason are not
        // findings; only the forwarded connection the policies deny was observed flowing.
        let denied = analysis.findings.filter { $0.kind == .deniedButObserved }
        #expect(denied.map { $0.evidence?.connections } == [[1]])
        #expect(analysis.statistics.policyDenied == 2)
        #expect(analysis.statistics.policyAllowed == 4)
    }
}
