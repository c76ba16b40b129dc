import Foundation
import TestSupport
import Testing

/// `--compat netpol-analyzer`: each deliberate difference switched, end to end through the binary.
@Suite struct CompatProfileCommandTests {
    /// Namespace x, isolated for ingress, with an ordinary pod `a`, a host-network pod `agent` on node n1
    /// (its address is the node's), a finished pod `done`, and egress from `a` to an IPv4 and an IPv6 block.
    static let cluster = """
        apiVersion: v1
        kind: Node
        metadata: {name: n1}
        status: {addresses: [{type: InternalIP, address: 192.168.0.1}]}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: a, namespace: x, labels: {app: a}}
        spec: {nodeName: n1, containers: [{name: c, image: i, ports: [{containerPort: 80}]}]}
        status: {podIP: 10.0.1.1}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: agent, namespace: x, labels: {app: agent}}
        spec: {nodeName: n1, hostNetwork: true, containers: [{name: c, image: i, ports: [{containerPort: 9100}]}]}
        status: {podIP: 192.168.0.1}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: done, namespace: x, labels: {app: done}}
        spec: {nodeName: n1, containers: [{name: c, image: i}]}
        status: {phase: Succeeded}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: isolate, namespace: x}
        spec:
          podSelector: {}
          policyTypes: [Ingress, Egress]
          egress:
          - to: [{podSelector: {}}, {ipBlock: {cidr: 10.0.0.0/8}}, {ipBlock: {cidr: "fd00::/8"}}]
        ---
        apiVersion: policy.networking.k8s.io/v1alpha1
        kind: AdminNetworkPolicy
        metadata: {name: deny-x}
        spec:
          priority: 10
          subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: x}}}
          ingress: [{action: Deny, from: [{namespaces: {}}]}]

        """

    func directory() throws -> String {
        let dir = Scratch.directory()
        try Self.cluster.write(toFile: dir + "/cluster.yaml", atomically: true, encoding: .utf8)
        return dir
    }

    @Test func connlistSwitchesEveryDifference() throws {
        let dir = try directory()
        let interlock = try CLIRunner.run(["policy", "connlist", dir])
        let analyzer = try CLIRunner.run(["policy", "connlist", dir, "--compat", "netpol-analyzer"])
        #expect(interlock.status == 0 && analyzer.status == 0, "\(interlock.stderr)\(analyzer.stderr)")
        // Host-network pod: its node's traffic by default (no policy selects it, the ANP neither), a pod
        // under NetworkPolicy with the profile (x isolates ingress; the ANP still does not select it).
        #expect(interlock.stdout.contains("x/a[Pod] => x/agent[Pod] : All Connections\n"))
        #expect(!analyzer.stdout.contains("=> x/agent[Pod]"))
        // The agent's egress: free by default, x/isolate's with the profile.
        #expect(interlock.stdout.contains("x/agent[Pod] => 0.0.0.0-9.255.255.255[External] : All Connections\n"))
        #expect(!analyzer.stdout.contains("x/agent[Pod] => 0.0.0.0-9.255.255.255[External]"))
        #expect(analyzer.stdout.contains("x/agent[Pod] => 10.0.0.0-10.255.255.255[External] : All Connections\n"))
        // Finished pods: skipped with a warning by default, listed with the profile.
        #expect(!interlock.stdout.contains("x/done[Pod]") && interlock.stderr.contains("finished pods"))
        #expect(analyzer.stdout.contains("x/done[Pod] => "))
        // IPv6: ranges by default; none with the profile, which warns.
        #expect(interlock.stdout.contains("x/a[Pod] => fd00::-fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External]"))
        #expect(!analyzer.stdout.contains("::"))
        #expect(
            analyzer.stderr.contains(
                "warning: profile netpol-analyzer: IPv6 ranges are not analysed; external ranges leave out fd00::/8"))
        // The finished pod is isolated for ingress like the others.
        #expect(!analyzer.stdout.contains("=> x/done[Pod]"))
    }

    @Test func evalNamesTheProfileAndAdminTiersStillExcludeHostNetworkPods() throws {
        let dir = try directory()
        let args = ["policy", "eval", dir, "--source", "x/a", "--destination", "x/agent", "--port", "9100"]
        let interlock = try CLIRunner.run(args + ["--format", "json"])
        let analyzer = try CLIRunner.run(args + ["--compat", "netpol-analyzer", "--format", "json", "--explain"])
        #expect(interlock.stdout.hasPrefix("{\n  \"allowed\": true") && !interlock.stdout.contains("\"profile\""))
        #expect(
            analyzer.stdout.hasPrefix("{\n  \"allowed\": false")
                && analyzer.stdout.contains("\"profile\": \"netpol-analyzer\""))
        let text = try CLIRunner.run(args + ["--compat", "netpol-analyzer", "--explain"])
        #expect(text.stdout.contains("host-network pod: the admin tiers do not select it"))
        #expect(text.stdout.contains("NetworkPolicy x/isolate"))
        #expect(!text.stdout.contains("deny-x"))
        // The ordinary pod is denied by the ANP in both profiles.
        let toA = ["policy", "eval", dir, "--source", "x/agent", "--destination", "x/a", "--port", "80"]
        #expect(try CLIRunner.run(toA).stdout.hasPrefix("allowed"))
        #expect(try CLIRunner.run(toA + ["--compat", "netpol-analyzer"]).stdout.hasPrefix("denied"))
    }

    /// `--help` lists each difference; an unknown profile is a usage error.
    @Test func helpListsTheDifferences() throws {
        for command in ["connlist", "diff", "eval", "explain"] {
            let help = try CLIRunner.run(["policy", command, "--help"]).stdout
            #expect(help.contains("--compat <netpol-analyzer>") && help.contains("IPv6"), "\(command)")
            #expect(help.contains("Succeeded/Failed") && help.contains("host-network"), "\(command)")
        }
        let bad = try CLIRunner.run(["policy", "connlist", try directory(), "--compat", "calico"])
        #expect(bad.status != 0 && bad.stderr.contains("'calico' is invalid for '--compat"))
    }
}
