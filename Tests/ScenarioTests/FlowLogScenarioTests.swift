import FlowLogs
import Foundation
import InterlockCore
import TestSupport
import Testing

@testable import Scenario

/// A scenario's `flows:` entries: flow logs judged as captures are, with the CNI's verdicts compared.
@Suite struct FlowLogScenarioTests {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("captures/flowlogs").path

    func write(_ text: String) throws -> String {
        let dir = Scratch.directory()
        try text.write(toFile: dir + "/scenario.yaml", atomically: true, encoding: .utf8)
        return dir
    }

    @Test func flowsEntriesAreJudgedWithTheirVerdicts() throws {
        let dir = try write(
            """
            apiVersion: interlock.dev/v1
            kind: Scenario
            spec:
              manifests: [\(Self.samples)/shop-cluster.yaml]
              flows:
              - {path: \(Self.samples)/hubble-shop.jsonl, format: hubble}
              - \(Self.samples)/zeek-conn.log
            """)
        let spec = try ScenarioSpec.load(path: dir)
        #expect(spec.captures.map(\.format) == [.hubble, .automatic])
        let outcome = try CheckRun.run(spec)
        let titles = outcome.report.findings.filter { $0.kind.rawValue == "verdict-disagreement" }.map(\.title)
        #expect(
            titles.sorted() == [
                "Hubble says DROPPED (POLICY_DENIED), the policies given say allowed",
                "Hubble says FORWARDED, the policies given say denied",
            ])
        let figures = outcome.figures.map { "\($0.name): \($0.value)" }
        #expect(
            figures.contains(
                "capture \(Self.samples)/hubble-shop.jsonl: 11 flow-log records, 6 connections, 2 denied by policy"))
        #expect(
            figures.contains(
                "capture \(Self.samples)/zeek-conn.log: 5 flow-log records, 5 connections, 2 denied by policy"))
    }

    @Test func anUnknownFormatIsRefusedAtItsLine() throws {
        let dir = try write(
            "apiVersion: interlock.dev/v1\nkind: Scenario\nspec: {flows: [{path: \(Self.samples)/zeek-conn.log, format: netflow}]}\n"
        )
        do {
            _ = try ScenarioSpec.load(path: dir)
            Issue.record("accepted format: netflow")
        } catch {
            #expect("\(error)".hasPrefix(dir + "/scenario.yaml:3:"))
            let formats = InputFormat.allCases.filter { $0 != .automatic }.map(\.rawValue)
            #expect(formats.contains("hubble") && !formats.contains("netflow"))
            #expect("\(error)".contains("unknown format 'netflow' (expected \(formats.joined(separator: ", ")))"))
        }
    }
}
