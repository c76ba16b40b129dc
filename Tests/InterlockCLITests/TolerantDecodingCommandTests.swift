import Foundation
import TestSupport
import Testing

/// Manifests the Go API machinery decodes load with a warning naming file:line:column; `policy lint`
/// reports each at the same file:line (exit 1), so that CI can be strict.
@Suite struct TolerantDecodingCommandTests {
    static let manifests = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: a
          namespace: x
          labels: {app: a}
          ownerReferences: [{apiVersion: apps/v1, name: web-1, controller: true}]
        spec:
          containers:
          - name: c
            image: i
            ports: [{name: http, containerport: 8080}]
        status: {podIP: 10.0.0.1}
        ---
        apiVersion: policy.networking.k8s.io/v1alpha1
        kind: AdminNetworkPolicy
        metadata: {name: deny-x}
        spec:
          priority: 5
          subject: {namespaces: {}}
          egress:
          - action: Deny
            to:
            - pods:
                namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: x}}

        """

    @Test func loadsWithWarningsAndLintReportsEach() throws {
        let file = Scratch.path("tolerant.yaml")
        try Self.manifests.write(toFile: file, atomically: true, encoding: .utf8)
        let connlist = try CLIRunner.run(["policy", "connlist", file])
        #expect(connlist.status == 0, "\(connlist.stderr)")
        #expect(connlist.stdout.contains("x/web-1[] => "))
        let expected = [
            "\(file):7:21: ownerReference has no kind: treated as '' (any kind); the API server requires it",
            "\(file):12:13: container port has no containerPort: treated as 0 (no port: the entry is left out); the API server requires it",
            "\(file):12:26: unknown field 'containerport' in container port dropped (did you mean 'containerPort'?); the API server drops it too and warns: unknown field \"containerport\"",
            "\(file):25:9: AdminNetworkPolicy pods peer has no podSelector: treated as {} (all pods); the API server requires it",
        ]
        for line in expected { #expect(connlist.stderr.contains("warning: \(line)\n"), "\(connlist.stderr)") }
        let lint = try CLIRunner.run(["policy", "lint", file])
        #expect(lint.status == 1)
        for (line, check) in [
            (7, "missing-field"), (12, "missing-field"), (12, "unknown-field"), (25, "missing-field"),
        ] {
            #expect(lint.stdout.contains("\(file):\(line): \(check): "), "\(lint.stdout)")
        }
        try? FileManager.default.removeItem(atPath: file)
    }

    /// A duplicate key stays an input error (exit 2) in JSON as in YAML.
    @Test func duplicateKeysInJSONStayErrors() throws {
        let json = #"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a", "name": "b"}}"#
        let r = try CLIRunner.run(["policy", "connlist", "-"], stdin: json)
        #expect(r.status == 2 && r.stderr.contains("duplicate key 'name'"), "\(r.stderr)")
    }
}
