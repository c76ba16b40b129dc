import Capture
import CaptureAnalysis
import Testing

/// One analyzer analyzing the same flows twice gives the same analysis: nothing a run counts is
/// carried into the next.
@Suite struct RepeatedAnalysisTests {
    @Test func analyzingTwiceWithOneAnalyzerGivesEqualResults() throws {
        var script = try ShapeMemoTests.script(seed: 5, count: 200, fabric: Fixture.fabric)
        // A connection to a Service port without backends: counted for the run's warnings.
        script.tcpAttempt(Fixture.path("10.244.1.2", "10.96.0.20"), clientPort: 41000, serverPort: 9999, retries: 0)
        let flows = try CaptureFlows.collect(paths: [try Fixture.write(script)])
        let analyzer = try CaptureAnalyzer(
            engine: Fixture.engine, fabric: Fixture.fabric,
            acls: try Fixture.acls(ShapeMemoTests.acls))
        let first = analyzer.analyze(flows)
        let second = analyzer.analyze(flows)
        #expect(second.findings == first.findings)
        #expect(second.statistics == first.statistics)
        #expect(second.violatingConnections == first.violatingConnections)
        #expect(second.warnings == first.warnings)
        // The counts in question are exercised.
        #expect(first.statistics.policyAllowed > 0 && first.statistics.policyDenied > 0)
        #expect(first.warnings.contains { $0.hasPrefix("1 connection to service db/pg-svc") })
    }
}
