import Foundation
import Intents
import InterlockCore
import TestSupport
import Testing

@testable import Scenario

/// The scenario file: inputs relative to it, captures with their view, and its mistakes at their lines.
@Suite struct ScenarioFileTests {
    func scenario(_ text: String, files: [String] = []) throws -> (URL, Result<ScenarioSpec, any Error>) {
        let dir = URL(fileURLWithPath: Scratch.directory())
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
        for f in files { try "x".write(to: dir.appendingPathComponent(f), atomically: true, encoding: .utf8) }
        try text.write(to: dir.appendingPathComponent("scenario.yaml"), atomically: true, encoding: .utf8)
        return (dir, Result { try ScenarioSpec.load(path: dir.path) })
    }

    @Test func capturesCarryTheirView() throws {
        let (dir, result) = try scenario(
            """
            apiVersion: interlock.dev/v1
            kind: Scenario
            spec:
              captures:
              - a.pcap
              - {path: sub/../b.pcap, network: training/rdma-rail}
              - {path: c.pcap, plane: storage}
              jobs: jobs.yaml
            """, files: ["a.pcap", "b.pcap", "c.pcap", "jobs.yaml"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let spec = try result.get()
        #expect(spec.name == dir.lastPathComponent)
        #expect(spec.captures.map(\.path) == ["a.pcap", "b.pcap", "c.pcap"].map { dir.path + "/" + $0 })
        #expect(spec.captures.map(\.view) == [nil, .kubernetes(.attachment("training/rdma-rail")), .plane(.storage)])
        #expect(spec.jobs.map(\.path) == [dir.path + "/jobs.yaml"] && spec.topology == nil && spec.manifests.isEmpty)
    }

    @Test func mistakesAreReportedAtTheirLines() throws {
        func error(_ text: String, files: [String] = []) throws -> String {
            let (dir, result) = try scenario(text, files: files)
            defer { try? FileManager.default.removeItem(at: dir) }
            guard case .failure(let e) = result else { return "no error" }
            return "\(e)".replacingOccurrences(of: dir.path + "/", with: "")
        }
        #expect(
            try error(
                "apiVersion: interlock.dev/v1\nkind: Scenario\nspec: {captures: [{path: a.pcap, plane: wan}]}\n",
                files: ["a.pcap"])
                == "scenario.yaml:3:41: unknown plane 'wan' (expected compute, frontend, storage or oob)")
        #expect(
            try error("apiVersion: interlock.dev/v1\nkind: Scenario\nspec: {intents: [nope.yaml]}\n")
                .hasPrefix("scenario.yaml:3:18: no such file or directory: nope.yaml (relative to "))
        #expect(
            try error("apiVersion: interlock.dev/v1\nkind: Scenarios\nspec: {}\n")
                == "scenario.yaml:2:7: expected kind: Scenario, found 'Scenarios'")
        #expect(
            try error("apiVersion: interlock.dev/v1\nkind: Scenario\nspec: {topologies: x}\n").hasPrefix(
                "scenario.yaml:3:8: unknown field 'topologies' in Scenario spec"))
        #expect(
            try error("kind: Scenario\n---\nkind: Scenario\n")
                == "scenario.yaml: expected one YAML document (kind: Scenario)")
    }
}
