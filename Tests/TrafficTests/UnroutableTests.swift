import Fabric
import Findings
import InterlockCore
import Testing

@testable import Traffic

/// A collective some of whose flows have no path never completes.
@Suite struct UnroutableTests {
    static let gib = 1024.0 * 1024 * 1024

    @Test func aFailedRailLeafLeavesTheRingUnfinished() throws {
        let r = try Support.oneSU(
            "jobs:\n- {name: all, tenant: t, nodes: all}\n", .allReduce, failures: ["leaf-su1-r0"])
        // Channel 0 rides rail 0: its 32 hops between nodes, one flow each, have no path.
        #expect(r.statistics.unroutableFlows == 32)
        let a = TrafficAnalysis(r)
        #expect(!a.completes)
        #expect(!a.communicators[0].completes)
        #expect(a.busBandwidth == 0 && a.algorithmBandwidth == 0)
        // The routable part: 2·255/256·S/8 on every other rail's NIC links at 400 Gb/s.
        #expect(abs(a.predictedTime - 2 * 255 / 256 * Self.gib / 8 / 50e9) < 1e-15)

        let report = TrafficReport(analysis: a, judging: .none)
        let finding = try #require(report.findings.findings.first)
        #expect(report.findings.findings.count == 1)
        #expect(finding.kind == .unroutable && finding.severity == .high)
        #expect(finding.evidence?.flows == 32)
        #expect(report.hasFindings)
        let text = report.text()
        #expect(text.contains("never completes: 32 flows have no path"))
        #expect(text.contains("routable part                5.35 ms"))
        guard case .object(let fields) = report.json else {
            Issue.record("not an object")
            return
        }
        let json = Dictionary(fields, uniquingKeysWith: { a, _ in a })
        #expect(json["completes"] == .bool(false))
        #expect(json["predictedTime"] == .null)
        #expect(json["routablePartTime"] == .double(a.predictedTime))
    }

    @Test func aCompleteRunHasNoSuchFinding() throws {
        let a = TrafficAnalysis(try Support.oneSU("jobs:\n- {name: all, tenant: t, nodes: all}\n", .allReduce))
        #expect(a.completes)
        let report = TrafficReport(analysis: a, judging: .none)
        #expect(report.findings.findings.isEmpty)
        #expect(!report.text().contains("findings"))
    }
}
