import Foundation
import TestSupport
import Testing

/// `interlock check`: exit codes, the summary, report files, and the HTML report in a real browser.
@Suite struct CheckCommandTests {
    static func temporaryDirectory() throws -> URL {
        let dir = URL(fileURLWithPath: Scratch.directory())
        return dir
    }

    @Test func theDemoFindsItsMistakesAndExitsOne() throws {
        let r = try CLIRunner.run(["check", "policies/demo", "--limit", "30"])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(
            r.stdout.hasPrefix(
                "interlock check demo (policies/demo/scenario.yaml)\n24 findings: 15 high, 9 medium, 0 low, 0 info\n"))
        #expect(
            r.stdout.contains("capture captures/demo-violations.pcap: 315 packets, 82 connections, 4 denied by policy"))
        #expect(
            r.stdout.contains("jobs policies/demo/jobs.yaml: 2 jobs, 64 ranks, all-to-all (PXN), 1.00 GiB: 192 flows"))
        #expect(r.stdout.contains("views: pod, training/rdma-rail, compute, frontend, storage, oob"))
        #expect(
            r.stdout.contains(
                "[high] intent-violation: storage-clients: training/jupyter[Deployment] reaches storage/storage-gateway[StatefulSet] on TCP 2049,9000; only trainers, vllm may"
            ))
        // The scenario's CiliumNetworkPolicy puts the check under Cilium: NetworkPolicies decide in Cilium's tier.
        #expect(
            r.stdout.contains(
                "ingress: Cilium tier: NetworkPolicy storage/allow-clients ingress rule 0 allows (policies/demo/cluster/netpol/storage.yaml:18)"
            ))
        #expect(!r.stdout.contains("more (see the full report)"))
        #expect(try CLIRunner.run(["check", "policies/demo"]).stdout.contains("… 14 more (see the full report)"))
        #expect(
            r.stdout.contains(
                "warning: intent ai-infra-baseline/registry-access not checked: zone registry has no members"))
        let never = try CLIRunner.run(["check", "policies/demo", "--fail-on", "never", "--limit", "0"])
        #expect(never.status == 0)
        let medium = try CLIRunner.run([
            "check", "--topology", "topologies/dgx-h100-1su.yaml", "--manifests", "policies/demo/cluster",
            "--intents", "policies/demo/fabric.yaml", "--fail-on", "medium",
        ])
        #expect(medium.status == 0, "the fabric alone has no intents of its own and no pack: nothing to break")
    }

    @Test func reportsGoToFilesAndTheSummaryToStdout() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (name, format) in [("r.json", "json"), ("r.sarif", "sarif"), ("r.html", "html"), ("r.txt", "text")] {
            let path = dir.appendingPathComponent(name).path
            let r = try CLIRunner.run(["check", "policies/demo", "-o", path])
            #expect(r.status == 1)
            #expect(r.stdout.hasSuffix("full report: \(path) (\(format))\n"))
            let text = try String(contentsOfFile: path, encoding: .utf8)
            switch format {
            case "json", "sarif": #expect((try? JSONSerialization.jsonObject(with: Data(text.utf8))) != nil)
            case "html": #expect(text.hasPrefix("<!DOCTYPE html>"))
            default: #expect(!text.contains("more (see the full report)"))
            }
        }
        let stdoutJSON = try CLIRunner.run(["check", "policies/demo", "--format", "json"])
        #expect(stdoutJSON.stdout.hasPrefix("{\n  \"schema\": \"interlock.check/v1\""))
    }

    @Test func badInputExitsTwoWithTheLineAndWritesNothing() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try """
        apiVersion: interlock.dev/v1
        kind: SegmentationIntents
        metadata: {name: bad}
        spec:
          rules:
          - {id: r, deny: {from: nobody, to: anybody}}
        """.write(to: dir.appendingPathComponent("intents.yaml"), atomically: true, encoding: .utf8)
        try """
        apiVersion: interlock.dev/v1
        kind: Scenario
        spec:
          manifests: [\(CLIRunner.packageRoot.path)/policies/demo/cluster]
          intents: [intents.yaml]
        """.write(to: dir.appendingPathComponent("scenario.yaml"), atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("report.html").path
        let r = try CLIRunner.run(["check", dir.path, "-o", out])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("error: \(dir.path)/intents.yaml:6:5: rule 'r' names unknown zone 'nobody'"))
        #expect(r.stdout.isEmpty && !FileManager.default.fileExists(atPath: out))
        let missing = try CLIRunner.run(["check", "policies/demo/nowhere"])
        #expect(missing.status == 2 && missing.stderr == "error: policies/demo/nowhere: no such file or directory\n")
        let flag = try CLIRunner.run(["check", "policies/demo", "--fail-on", "critical"])
        #expect(flag.status == 2)
        try "apiVersion: interlock.dev/v1\nkind: Scenario\nspec:\n  topology: missing.yaml\n".write(
            to: dir.appendingPathComponent("scenario.yaml"), atomically: true, encoding: .utf8)
        let path = try CLIRunner.run(["check", dir.path])
        #expect(
            path.status == 2
                && path.stderr.hasPrefix(
                    "error: \(dir.path)/scenario.yaml:4:13: no such file or directory: missing.yaml")
        )
    }

    @Test func flagsNameInputsWithoutAScenario() throws {
        let r = try CLIRunner.run([
            "check", "--manifests", "policies/demo/cluster", "--fail-on", "never", "--format", "json",
        ])
        #expect(r.status == 0)
        // Without intents the baseline pack is checked; without a topology only Kubernetes views exist.
        #expect(r.stdout.contains("\"views\": \"pod, training/rdma-rail\""))
        #expect(r.stdout.contains("incomplete: no topology: fabric planes were not checked"))
    }

    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// Renders the report in headless Chromium: the DOM after its script ran has the JSON's counts, and
    /// a screenshot is drawn. Runs where Chromium is installed (`.ci/run` installs it).
    @Test(.enabled(if: chromium != nil, "needs Debian's chromium"))
    func theHTMLReportRendersInABrowser() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let html = dir.appendingPathComponent("report.html")
        let json = dir.appendingPathComponent("report.json")
        _ = try CLIRunner.run(["check", "policies/demo", "-o", html.path])
        _ = try CLIRunner.run(["check", "policies/demo", "-o", json.path])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any])
        let summary = try #require(report["summary"] as? [String: Any])
        let bySeverity = try #require(summary["bySeverity"] as? [String: Int])

        let dom = try Self.browser(["--dump-dom", html.absoluteString], profile: dir)
        #expect(dom.contains("data-rendered=\"true\""), "the report's script did not run")
        func count(_ id: String) -> Int? {
            guard let range = dom.range(of: "id=\"\(id)\" data-count=\"") else { return nil }
            return Int(dom[range.upperBound...].prefix { $0.isNumber })
        }
        #expect(count("count-total") == summary["findings"] as? Int)
        for (severity, n) in bySeverity { #expect(count("count-\(severity)") == n, "\(severity)") }
        #expect(dom.contains("<span id=\"visible-count\">\(summary["findings"] as! Int)</span>"))
        #expect(dom.components(separatedBy: "<tr class=\"finding\"").count - 1 == (report["findings"] as? [Any])?.count)

        let png = dir.appendingPathComponent("report.png")
        _ = try Self.browser(
            ["--screenshot=\(png.path)", "--window-size=1400,2400", html.absoluteString], profile: dir)
        let bytes = try Data(contentsOf: png)
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) && bytes.count > 50_000)
    }

    /// Runs headless Chromium (as root it needs --no-sandbox) and returns its standard output.
    static func browser(_ arguments: [String], profile: URL) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: chromium!)
        p.arguments =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                "--user-data-dir=\(profile.appendingPathComponent("chromium").path)",
            ] + arguments
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
