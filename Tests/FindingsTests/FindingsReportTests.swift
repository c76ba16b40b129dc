import Findings
import InterlockCore
import Testing

@Suite struct FindingsReportTests {
    let high = Finding(
        kind: .deniedButObserved, severity: .high, title: "denied connection flowed",
        source: FindingEndpoint(name: "a/web[Deployment]", address: "10.0.0.1"),
        destination: FindingEndpoint(name: "b/db[StatefulSet]", address: "10.0.0.2", port: 5432),
        proto: "TCP", network: "pod",
        reasons: [
            FindingReason(
                side: .ingress, text: "NetworkPolicy b/default-deny denies",
                location: SourceLocation(file: "np.yaml", line: 4))
        ],
        evidence: Evidence(packets: 10, bytes: 1500, firstPacket: 3, lastPacket: 40, source: "c.pcap"))
    let low = Finding(
        kind: .unknownEndpoint, severity: .low, title: "address owned by nothing",
        source: FindingEndpoint(name: "203.0.113.9"))

    @Test func sortsMostSevereFirstAndCounts() {
        let report = FindingsReport(findings: [low, high, low])
        #expect(report.findings.map(\.severity) == [.high, .low, .low])
        #expect(report.count(atLeast: .medium) == 1)
        #expect(
            report.counts.map { "\($0.kind) \($0.severity) \($0.count)" } == [
                "denied-but-observed high 1", "unknown-endpoint low 2",
            ])
    }

    /// The ranked sort puts findings in `reportOrder`, equal keys in their first order: names drawn
    /// from small pools (so keys tie), with a canonically equal pair ("é" composed and decomposed).
    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func rankedSortFollowsReportOrder(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        let names = ["a/web", "a/Web", "b/db", "caf\u{E9}", "cafe\u{301}", "", "z"]
        let findings = (0..<400).map { i in
            Finding(
                kind: [.deniedButObserved, .wrongPlane, .unknownEndpoint].randomElement(using: &random)!,
                severity: [.high, .medium, .low, .info].randomElement(using: &random)!,
                title: ["denied", "wrong plane", "Denied"].randomElement(using: &random)!
                    + (i % 50 == 0 ? " \(i)" : ""),
                source: Bool.random(using: &random) ? FindingEndpoint(name: names.randomElement(using: &random)!) : nil,
                destination: FindingEndpoint(
                    name: names.randomElement(using: &random)!,
                    port: [nil, 80, 443].randomElement(using: &random)!),
                evidence: Evidence(packets: i))
        }
        let expected = findings.enumerated().sorted {
            Finding.reportOrder($0.element, $1.element)
                || (!Finding.reportOrder($1.element, $0.element) && $0.offset < $1.offset)
        }.map(\.element.evidence?.packets)
        #expect(Finding.sortedForReport(findings).map(\.evidence?.packets) == expected)
    }

    @Test func jsonCarriesEveryFact() throws {
        let json = FindingsReport(findings: [high], warnings: ["incomplete: x"]).json.serialized(pretty: false)
        #expect(json.contains(#""kind":"denied-but-observed""#))
        #expect(json.contains(#""location":{"file":"np.yaml","line":4,"column":1}"#))
        #expect(json.contains(#""firstPacket":3"#) && json.contains(#""port":5432"#))
        #expect(json.contains(#""bySeverity":{"high":1,"medium":0,"low":0,"info":0}"#))
        #expect(json.contains(#""warnings":["incomplete: x"]"#))
    }

    @Test func textNamesEndpointsReasonsEvidence() {
        let text = FindingsReport(findings: [high, low], figures: [("packets read", "42")]).text(limit: 1)
        #expect(text.contains("[high] denied-but-observed: denied connection flowed"))
        #expect(text.contains("a/web[Deployment] (10.0.0.1) -> b/db[StatefulSet] (10.0.0.2):5432 TCP on pod"))
        #expect(text.contains("ingress: NetworkPolicy b/default-deny denies (np.yaml:4)"))
        #expect(text.contains("evidence: 10 packets, 1.46 KiB, frames 3-40, in c.pcap"))
        #expect(text.contains("packets read: 42"))
        #expect(text.contains("… 1 more"))
    }
}
