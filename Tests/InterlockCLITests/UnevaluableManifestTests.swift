import Foundation
import Testing

@testable import TestSupport

/// Manifests that cannot be evaluated are bad input (exit 2, one line naming file:line:column); what
/// the API server accepts with a warning, `policy lint` reports; warnings say where; no error line
/// echoes a file's content.
@Suite struct UnevaluableManifestTests {
    static func file(_ name: String, _ text: String) throws -> String {
        let path = Scratch.path(name)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let header = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n"

    @Test(arguments: [
        ("metadata: {name: a}\nspec: deny-all\n", "4:7: expected a mapping for NetworkPolicy spec, found 'deny-all'"),
        ("metadata: {name: a}\nspec:\n  ingress:\n  - from: [x]\n", "6:12: expected a mapping for peer, found 'x'"),
        ("metadata: {namespace: x}\nspec: {}\n", "3:11: NetworkPolicy has no metadata.name"),
    ])
    func unevaluableNetworkPolicyIsBadInput(body: String, expected: String) throws {
        let path = try Self.file("p.yaml", Self.header + body)
        let r = try CLIRunner.run(["policy", "lint", path])
        #expect(r.status == 2)
        #expect(r.stderr == "error: \(path):\(expected)\n")
    }

    @Test func adminPolicyWithoutNameIsBadInput() throws {
        let text = "apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nspec: {priority: 1}\n"
        let path = try Self.file("anp.yaml", text)
        let r = try CLIRunner.run(["policy", "connlist", path])
        #expect(r.status == 2)
        #expect(r.stderr == "error: \(path):1:1: AdminNetworkPolicy has no metadata.name\n")
    }

    @Test func duplicateJSONKeyIsBadInputAtTheSecondOccurrence() throws {
        let path = try Self.file("d.json", "{\"kind\": \"Namespace\",\n  \"metadata\": {},\n  \"kind\": \"Pod\"}\n")
        let r = try CLIRunner.run(["policy", "connlist", path])
        #expect(r.status == 2)
        #expect(r.stderr == "error: \(path):3:3: invalid JSON: duplicate key 'kind' (first at line 1)\n")
    }

    @Test func lintReportsInvalidPortNamesAndHostBits() throws {
        let body = """
            metadata: {name: a}
            spec:
              ingress:
              - from:
                - ipBlock: {cidr: 10.1.2.3/16, except: [10.1.0.0/24, "10.1.0.1/24"]}
                ports:
                - port: metrics
                - port: Web--Port
              egress:
              - ports: [{port: a-very-long-port-name}]
            """
        let path = try Self.file("l.yaml", Self.header + body)
        let r = try CLIRunner.run(["policy", "lint", path])
        #expect(r.status == 1)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("\(path):7: cidr-host-bits") && $0.contains(" 10.1.2.3/16 ") })
        #expect(lines.contains { $0.hasPrefix("\(path):7: cidr-host-bits") && $0.contains(" 10.1.0.1/24 ") })
        #expect(!lines.contains { $0.contains(" 10.1.0.0/24 ") })
        #expect(lines.contains { $0.hasPrefix("\(path):10: invalid-port-name") && $0.contains("'Web--Port'") })
        #expect(lines.contains { $0.hasPrefix("\(path):12: invalid-port-name") })
        #expect(!lines.contains { $0.contains("'metrics'") })
    }

    @Test func lintReportsInvalidPortNamesOfAdminPolicies() throws {
        let text = """
            apiVersion: policy.networking.k8s.io/v1alpha1
            kind: AdminNetworkPolicy
            metadata: {name: a}
            spec:
              priority: 1
              subject: {namespaces: {}}
              ingress:
              - {name: r, action: Allow, from: [{namespaces: {}}], ports: [{namedPort: metrics_port}]}
            """
        let path = try Self.file("anp.yaml", text)
        let r = try CLIRunner.run(["policy", "lint", path])
        #expect(r.status == 1)
        #expect(r.stdout.hasPrefix("\(path):8: invalid-port-name: "), "\(r.stdout)")
        #expect(r.stdout.contains("'metrics_port' is not a valid port name"))
    }

    @Test func ownKindsAreNotSkippedAndSkippedKindsSayWhere() throws {
        let dir = Scratch.directory()
        try "apiVersion: interlock.dev/v1\nkind: FabricACL\nmetadata: {name: x}\nspec: {}\n---\nkind: ConfigMap\n"
            .write(toFile: dir + "/a.yaml", atomically: true, encoding: .utf8)
        let r = try CLIRunner.run(["policy", "connlist", dir])
        #expect(r.status == 0)
        #expect(!r.stderr.contains("interlock.dev"))
        #expect(r.stderr.contains("does not read: 1 ConfigMap (\(dir)/a.yaml:6)"))
        let demo = try CLIRunner.run(["policy", "connlist", "policies/demo"])
        #expect(!demo.stderr.contains("does not read"), "\(demo.stderr)")
    }

    @Test func emptyDirectoryAsClusterWarns() throws {
        let dir = Scratch.directory()
        let r = try CLIRunner.run(["policy", "connlist", dir])
        #expect(r.status == 0)
        #expect(r.stderr == "warning: \(dir): holds no objects (no YAML or JSON documents)\n")
    }

    /// A path to a file that is no manifest at all: the error quotes a short excerpt, never the file.
    @Test func errorsQuoteAnExcerptNotTheFile() throws {
        let long = (0..<200).map { "line \($0) of a file that is not a topology at all" }.joined(separator: "\n")
        let path = try Self.file("passwd", long)
        let r = try CLIRunner.run(["topology", "show", path])
        #expect(r.status == 2)
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(r.stderr.count < 200 + path.count, "\(r.stderr)")
        #expect(r.stderr.contains("'line 0 of a file that is not a topology ...'"))
    }

    /// Paths in a scenario are relative to it; a missing or bad one is reported with the scenario line
    /// that names it.
    @Test func scenarioPathsAreAttributedToTheScenarioLine() throws {
        let dir = Scratch.directory()
        try "not: [a topology\nat all".write(toFile: dir + "/bad.yaml", atomically: true, encoding: .utf8)
        let scenario = "apiVersion: interlock.dev/v1\nkind: Scenario\nspec:\n  topology: TOPO\n"
        let path = dir + "/scenario.yaml"
        try scenario.replacingOccurrences(of: "TOPO", with: "bad.yaml").write(
            toFile: path, atomically: true, encoding: .utf8)
        let bad = try CLIRunner.run(["check", dir])
        #expect(bad.status == 2)
        #expect(bad.stderr.hasPrefix("error: \(dir)/bad.yaml:2:"), "\(bad.stderr)")
        #expect(bad.stderr.hasSuffix(" (named at \(path):4)\n"), "\(bad.stderr)")
        try scenario.replacingOccurrences(of: "TOPO", with: "missing.yaml").write(
            toFile: path, atomically: true, encoding: .utf8)
        let missing = try CLIRunner.run(["check", dir])
        #expect(missing.status == 2)
        #expect(
            missing.stderr == "error: \(path):4:13: no such file or directory: missing.yaml (relative to \(path))\n")
    }
}
