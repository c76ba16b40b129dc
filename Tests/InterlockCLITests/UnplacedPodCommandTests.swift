import Foundation
import TestSupport
import Testing

/// Workloads given only by their templates, end to end: address peers covering every address their
/// pods can get match them, narrower ones are explained as undecidable, and `--ipblock-selects-pods
/// false` governs admin `networks` peers too.
@Suite struct UnplacedPodCommandTests {
    static let base = """
        apiVersion: v1
        kind: Pod
        metadata: {name: a, namespace: x, labels: {app: a}}
        spec: {nodeName: n1, containers: [{name: c, image: i}]}
        status: {podIP: 10.0.1.1}
        ---

        """ + TemplateManifests.workload("Deployment", "web", namespace: "x", port: 80)

    /// A directory holding the base manifests and `policy`.
    func cluster(_ policy: String) throws -> String {
        let dir = Scratch.directory()
        try (Self.base + policy).write(toFile: dir + "/cluster.yaml", atomically: true, encoding: .utf8)
        return dir
    }

    func egressOnlyTo(_ cidr: String) -> String {
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: out, namespace: x}
        spec:
          podSelector: {matchLabels: {app: a}}
          egress: [{to: [{ipBlock: {cidr: \(cidr)}}]}]

        """
    }

    @Test func wholeFamilyBlockReachesTemplateOnlyPods() throws {
        let r = try CLIRunner.run([
            "policy", "eval", try cluster(egressOnlyTo("0.0.0.0/0")), "--source", "x/a", "--destination", "web",
            "--port", "80", "--explain",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("allowed\n") && !r.stdout.contains("note:"))
    }

    @Test func narrowBlockIsExplainedAsUndecidable() throws {
        let dir = try cluster(egressOnlyTo("10.0.0.0/8"))
        let r = try CLIRunner.run([
            "policy", "eval", dir, "--source", "x/a", "--destination", "web", "--port", "80", "--explain",
        ])
        #expect(r.stdout.hasPrefix("denied\n"))
        #expect(
            r.stdout.contains(
                "note: whether ipBlock 10.0.0.0/8 of NetworkPolicy x/out egress rule 0 matches x/web[Deployment] depends on the pod's IP, which the manifests do not fix: taken as not matching"
            ))
        let explain = try CLIRunner.run(["policy", "explain", dir, "--source", "x/a", "--destination", "web"])
        #expect(explain.stdout.contains("depends on the pod's IP, which the manifests do not fix"))
    }

    /// A row whose connections depend on the unplaced pod's address carries `conditional` in JSON, with
    /// either engine; rows that do not depend on it stay netpol-analyzer's three fields.
    @Test(arguments: ["compiled", "reference"])
    func connlistJSONFlagsConditionalRows(_ engine: String) throws {
        let dir = try cluster(
            """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: out, namespace: x}
            spec:
              podSelector: {matchLabels: {app: a}}
              egress:
              - {to: [{podSelector: {}}], ports: [{port: 80}]}
              - {to: [{ipBlock: {cidr: 10.0.0.0/8}}], ports: [{port: 443}]}

            """)
        let r = try CLIRunner.run(["policy", "connlist", dir, "--format", "json", "--engine", engine])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout.contains(
                """
                    "src": "x/a[Pod]",
                    "dst": "x/web[Deployment]",
                    "conn": "TCP 80",
                    "conditional": true
                """))
        #expect(r.stdout.components(separatedBy: "\"conditional\"").count == 2)
        let text = try CLIRunner.run(["policy", "connlist", dir])
        #expect(text.stdout.contains("x/a[Pod] => x/web[Deployment] : TCP 80\n"))
    }

    @Test(arguments: [("true", "denied"), ("false", "allowed")])
    func networksPeersFollowIPBlockSelectsPods(_ flag: String, _ verdict: String) throws {
        let anp = TemplateManifests.adminEgress("deny-all-v4", action: "Deny", peer: "{networks: [0.0.0.0/0]}")
        let r = try CLIRunner.run([
            "policy", "eval", try cluster(anp), "--source", "x/a", "--destination", "web", "--port", "80",
            "--ipblock-selects-pods", flag,
        ])
        #expect(r.stdout.hasPrefix("\(verdict)\n"), "\(r.stdout)\(r.stderr)")
    }
}
