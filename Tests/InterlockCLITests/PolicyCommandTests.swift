import Foundation
import TestSupport
import Testing

/// `interlock policy ...` end to end: golden files written by hand, exit codes, warnings.
@Suite struct PolicyCommandTests {
    static let fixtures = "Tests/InterlockCLITests/Fixtures"
    static let shop = "\(fixtures)/connlist/shop/manifests"

    func golden(_ path: String) throws -> String {
        try String(
            contentsOf: CLIRunner.packageRoot.appendingPathComponent("\(Self.fixtures)/\(path)"), encoding: .utf8)
    }

    @Test(arguments: [
        ("txt", "expected.txt"), ("csv", "expected.csv"), ("md", "expected.md"), ("json", "expected.json"),
    ])
    func connlistShopGolden(_ format: String, _ file: String) throws {
        let r = try CLIRunner.run(["policy", "connlist", Self.shop, "--format", format])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == (try golden("connlist/shop/\(file)")))
    }

    /// With primary user-defined networks, a section per network and the workload-to-networks
    /// mapping (netpol-analyzer's layout), in text and JSON; compiled and reference engines alike.
    @Test(arguments: [("txt", "expected.txt"), ("json", "expected.json")], ["compiled", "reference"])
    func connlistOverNetworksGolden(_ format: (String, String), engine: String) throws {
        let r = try CLIRunner.run(["policy", "connlist", "policies/udn", "--format", format.0, "--engine", engine])
        #expect(r.status == 0 && r.stderr.isEmpty, "\(r.stderr)")
        #expect(r.stdout == (try golden("connlist/udn/\(format.1)")))
    }

    /// `--network pod` keeps the single list (isolation still applies); `--network all` gives sections
    /// even without user-defined networks.
    @Test func connlistNetworkChoice() throws {
        let pod = try CLIRunner.run(["policy", "connlist", "policies/udn", "--network", "pod"])
        #expect(pod.status == 0 && !pod.stdout.contains("Permitted connectivity"))
        #expect(pod.stdout.contains("blue/api[Deployment] => blue/db[VirtualMachine] : TCP 5432\n"))
        #expect(!pod.stdout.contains("blue/api[Deployment] => green/web"))
        let all = try CLIRunner.run(["policy", "connlist", Self.shop, "--network", "all"])
        #expect(all.status == 0)
        #expect(
            all.stdout == "Permitted connectivity analyzed in Pod network:\n"
                + (try golden("connlist/shop/expected.txt"))
                + "\nWorkload-to-Networks Mapping:\nshop/db[StatefulSet]: Pod network\nshop/web[Deployment]: Pod network\n"
        )
    }

    /// A focus keeps the sections with the workload's lines and its own mapping line; no note under
    /// the pod network, which the focus emptied; and a cluster all on user-defined networks says so.
    @Test func connlistOverNetworksWithFocus() throws {
        let r = try CLIRunner.run(["policy", "connlist", "policies/udn", "--focus-workload", "blue/db"])
        #expect(r.status == 0)
        #expect(
            r.stdout == """
                Permitted connectivity analyzed in Pod network:

                Permitted connectivity analyzed in primary UDN blue:
                blue/api[Deployment] => blue/db[VirtualMachine] : TCP 5432
                blue/db[VirtualMachine] => 0.0.0.0-255.255.255.255[External] : All Connections
                blue/db[VirtualMachine] => blue/api[Deployment] : All Connections

                Workload-to-Networks Mapping:
                blue/db[VirtualMachine]: primary UDN blue

                """)
        let noShared = try CLIRunner.run(
            ["policy", "connlist", "-"],
            stdin: try String(
                contentsOfFile: "\(CLIRunner.packageRoot.path)/policies/udn/cluster.yaml", encoding: .utf8
            )
            .replacingOccurrences(of: "name: monitor, namespace: shared", with: "name: monitor, namespace: blue"))
        #expect(
            noShared.stdout.hasPrefix(
                "Permitted connectivity analyzed in Pod network:\nall input workloads are configured with (C)UDN as their primary network interface\n\n"
            ))
    }

    @Test func explainNamesIsolatedNetworks() throws {
        let r = try CLIRunner.run([
            "policy", "eval", "policies/udn", "--source", "blue/api", "--destination", "tenant-a/trainer", "--port",
            "80",
            "--explain",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout.contains(
                "network isolation tier: denies: blue/api[Deployment] is on primary UDN blue and tenant-a/trainer[StatefulSet] on primary CUDN acme: isolated networks"
            ))
    }

    @Test func connlistCutsSourcesAtIngressAndDestinationsAtEgressBlocks() throws {
        // A JSON List and a directory of YAML policies, read together.
        for flag in ["true", "false"] {
            let r = try CLIRunner.run([
                "policy", "connlist", "\(Self.fixtures)/connlist/edge/manifests", "--ipblock-selects-pods", flag,
            ])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout == (try golden("connlist/edge/expected.txt")))
        }
    }

    @Test func connlistWritesDotAndFiles() throws {
        let out = Scratch.path("connlist.dot")
        let r = try CLIRunner.run(["policy", "connlist", Self.shop, "--format", "dot", "-o", out])
        #expect(r.status == 0 && r.stdout.isEmpty)
        let dot = try String(contentsOfFile: out, encoding: .utf8)
        #expect(
            dot.hasPrefix("digraph {")
                && dot.contains("\"shop/web[Deployment]\" -> \"shop/db[StatefulSet]\" [label=\"TCP 5432\"]"))
        try? FileManager.default.removeItem(atPath: out)
    }

    @Test func focusWorkloadKeepsItsLinesOnly() throws {
        let r = try CLIRunner.run(["policy", "connlist", Self.shop, "--focus-workload", "shop/db"])
        #expect(r.stdout == "shop/web[Deployment] => shop/db[StatefulSet] : TCP 5432\n")
        let bad = try CLIRunner.run(["policy", "connlist", Self.shop, "--focus-workload", "nope"])
        #expect(bad.status == 2 && bad.stderr.contains("no workload named 'nope'"))
    }

    @Test func connlistReadsStandardInput() throws {
        let r = try CLIRunner.run(["policy", "connlist", "-"], stdin: try golden("connlist/shop/manifests/shop.yaml"))
        #expect(r.stdout == (try golden("connlist/shop/expected.txt")))
    }

    @Test func evalPrintsVerdictAndExplains() throws {
        var r = try CLIRunner.run([
            "policy", "eval", Self.shop, "--source", "shop/web", "--destination", "shop/db", "--port", "5432",
        ])
        #expect(r.status == 0 && r.stdout == "allowed\n")
        r = try CLIRunner.run([
            "policy", "eval", Self.shop, "--source", "shop/db", "--destination", "shop/web", "--port", "http",
            "--explain",
        ])
        #expect(
            r.stdout.hasPrefix("denied\nshop/db[StatefulSet] => shop/web[Deployment] TCP 8080 on the pod network\n"))
        #expect(r.stdout.contains("egress of shop/db[StatefulSet]: denied"))
        #expect(r.stdout.contains("ingress of shop/web[Deployment]: allowed"))
        #expect(r.stdout.contains("NetworkPolicy shop/web ingress rule 0 (\(Self.shop)/shop.yaml:45) allows"))
        r = try CLIRunner.run([
            "policy", "eval", Self.shop, "--source", "8.8.8.8", "--destination", "shop/web", "--port", "8080",
            "--format", "json",
        ])
        #expect(
            r.stdout.contains("\"allowed\": true")
                && r.stdout.contains("\"ruleLocation\": \"\(Self.shop)/shop.yaml:45\""))
    }

    /// `eval` asks its one question of the reference evaluator unless `--engine compiled` is given; every
    /// engine prints the same verdicts and explanations.
    @Test func evalGivesTheSameAnswerFromEveryEngine() throws {
        for question in [
            ["--source", "shop/web", "--destination", "shop/db", "--port", "5432", "--explain"],
            ["--source", "shop/db", "--destination", "shop/web", "--port", "http", "--explain"],
            ["--source", "8.8.8.8", "--destination", "shop/web", "--port", "8080", "--format", "json"],
            ["--source", "shop/web", "--destination", "8.8.8.8", "--protocol", "UDP", "--port", "53"],
        ] {
            let outputs = try [[], ["--engine", "compiled"], ["--engine", "reference"]].map { engine in
                try CLIRunner.run(["policy", "eval", Self.shop] + question + engine).stdout
            }
            #expect(!outputs[0].isEmpty && outputs.allSatisfy { $0 == outputs[0] }, "\(question)")
        }
    }

    @Test func explainGroupsPortsByDecidingRules() throws {
        let r = try CLIRunner.run(["policy", "explain", Self.shop, "--source", "shop/web", "--destination", "shop/db"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("allowed:\n  TCP 5432\n"))
        #expect(r.stdout.contains("denied:\n  SCTP 1-65535,TCP 1-5431,5433-65535,UDP 1-65535\n"))
    }

    @Test func badInputIsOneLineWithPositionAndExitTwo() throws {
        var r = try CLIRunner.run(["policy", "connlist", "\(Self.fixtures)/bad/bad-cidr.yaml"])
        #expect(r.status == 2 && r.stdout.isEmpty)
        #expect(r.stderr == "error: \(Self.fixtures)/bad/bad-cidr.yaml:8:23: invalid CIDR '10.0.0.0/33'\n")
        r = try CLIRunner.run([
            "policy", "eval", Self.shop, "--source", "shop/nope", "--destination", "shop/db", "--port", "1",
        ])
        #expect(r.status == 2 && r.stderr.contains("no workload, pod or node named 'shop/nope'"))
        r = try CLIRunner.run(["policy", "connlist", Self.shop, "--format", "sarif"])
        #expect(r.status == 2)
    }

    @Test func unevaluatedPolicyKindsWarnThatResultsAreIncomplete() throws {
        let antrea =
            "apiVersion: crd.antrea.io/v1beta1\nkind: NetworkPolicy\nmetadata: {name: l7, namespace: shop}\n---\n"
        let r = try CLIRunner.run(
            ["policy", "connlist", "-"], stdin: antrea + (try golden("connlist/shop/manifests/shop.yaml")))
        #expect(r.stderr.contains("warning: incomplete: 1 NetworkPolicy.crd.antrea.io not evaluated"))
        #expect(r.stdout == (try golden("connlist/shop/expected.txt")))
    }
}

@Suite struct PolicyDiffCommandTests {
    static let fixtures = PolicyCommandTests.fixtures

    func golden(_ path: String) throws -> String {
        try String(
            contentsOf: CLIRunner.packageRoot.appendingPathComponent("\(Self.fixtures)/\(path)"), encoding: .utf8)
    }

    @Test(arguments: [("txt", "expected.txt"), ("csv", "expected.csv")])
    func diffAgainstAPolicyOnlyProposal(_ format: String, _ file: String) throws {
        // The proposal holds policies only: it is evaluated over the current cluster's workloads.
        let r = try CLIRunner.run([
            "policy", "diff", PolicyCommandTests.shop, "\(Self.fixtures)/diff/proposal", "--format", format,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == (try golden("diff/\(file)")))
    }

    @Test func diffOfIdenticalSetsIsEmpty() throws {
        let r = try CLIRunner.run([
            "policy", "diff", PolicyCommandTests.shop, PolicyCommandTests.shop, "--format", "json",
        ])
        #expect(r.status == 0 && r.stdout == "[]\n")
    }
}

@Suite struct PolicyLintCommandTests {
    @Test func lintFindsEveryPlantedMistakeWithFileAndLine() throws {
        let r = try CLIRunner.run(["policy", "lint", "policies/lint-examples"])
        #expect(r.status == 1)
        let found = r.stdout.split(separator: "\n").dropLast().map {
            $0.split(separator: ":").prefix(3).joined(separator: ":")
        }
        #expect(
            found == [
                "policies/lint-examples/empty-peer.yaml:9: empty-peer",
                "policies/lint-examples/endport-named.yaml:9: endport-named-port",
                "policies/lint-examples/except-outside.yaml:9: except-outside-cidr",
                "policies/lint-examples/named-port.yaml:9: unknown-named-port",
                "policies/lint-examples/rdma-policy.yaml:2: unenforceable",
                "policies/lint-examples/same-priority.yaml:11: same-priority",
                "policies/lint-examples/selects-nothing.yaml:1: selects-nothing",
                "policies/lint-examples/selects-nothing.yaml:17: selects-nothing",
            ])
        #expect(r.stdout.hasSuffix("8 findings\n"))
    }

    @Test func cleanPoliciesExitZero() throws {
        let r = try CLIRunner.run(["policy", "lint", PolicyCommandTests.shop, "--format", "json"])
        #expect(r.status == 0 && r.stdout == "[]\n")
    }
}

/// `--cni`: detected from the Cilium kinds of policies/cilium with a note, or chosen.
@Suite struct CiliumCommandTests {
    @Test func detectsCiliumAndReportsL7AsItsOwnVerdict() throws {
        let args = [
            "policy", "eval", "policies/cilium", "--source", "inference/gateway", "--destination", "inference/model",
            "--port", "http", "--format", "json",
        ]
        let r = try CLIRunner.run(args)
        #expect(r.status == 0)
        #expect(
            r.stderr.contains(
                "note: Cilium kinds present: evaluated as Cilium enforces them (--cni cilium); --cni chooses"))
        #expect(r.stdout.contains("\"verdict\": \"allowed-subject-to-l7\""))
        let generic = try CLIRunner.run(args + ["--cni", "generic"])
        #expect(!generic.stdout.contains("allowed-subject-to-l7"))
        #expect(generic.stderr.contains("warning: 2 Cilium policies are not evaluated under --cni generic"))
    }

    /// diff evaluates both sides under one CNI: adding the Cilium policies to the cluster narrows the gateway
    /// to the model's HTTP port and isolates the gateway's ingress (a deny-only policy isolates).
    @Test func diffAddingCiliumPolicies() throws {
        let cluster = try String(
            contentsOf: CLIRunner.packageRoot.appendingPathComponent("policies/cilium/cluster.yaml"), encoding: .utf8)
        let before = Scratch.path("cilium-before.yaml")
        let cut = try #require(cluster.range(of: "apiVersion: cilium.io/v2"))
        try String(cluster[..<cut.lowerBound]).write(toFile: before, atomically: true, encoding: .utf8)
        let r = try CLIRunner.run(["policy", "diff", before, "policies/cilium/cluster.yaml"])
        #expect(r.stderr.contains("note: Cilium kinds present"))
        #expect(
            r.stdout.contains(
                "diff-type: changed, source: inference/gateway[Pod], destination: inference/model[Pod], ref1: All Connections, ref2: TCP 8000"
            ))
        #expect(
            r.stdout.contains(
                "diff-type: removed, source: inference/model[Pod], destination: inference/gateway[Pod], ref1: All Connections, ref2: No Connections"
            ))
    }

    /// `policy eval --icmp-type` on Cilium's `icmps`: with a rule admitting the gateway's echo requests
    /// (ICMP type 8 by number, ICMPv6 by name) the model takes those and no other ICMP type, by both engines.
    @Test(arguments: ["compiled", "reference"])
    func evalByICMPType(engine: String) throws {
        let cluster = try String(
            contentsOf: CLIRunner.packageRoot.appendingPathComponent("policies/cilium/cluster.yaml"), encoding: .utf8)
        let path = Scratch.path("cilium-icmp.yaml")
        let ping = """
            ---
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata: {name: ping, namespace: inference}
            spec:
              endpointSelector: {matchLabels: {app: model}}
              ingress:
              - fromEndpoints: [{matchLabels: {app: gateway}}]
                icmps: [{fields: [{type: 8}, {type: EchoRequest, family: IPv6}]}]

            """
        try (cluster + ping).write(toFile: path, atomically: true, encoding: .utf8)
        let base = [
            "policy", "eval", path, "--source", "inference/gateway", "--destination", "inference/model",
            "--engine", engine, "--protocol",
        ]
        #expect(try CLIRunner.run(base + ["ICMP", "--icmp-type", "8"]).stdout.hasPrefix("allowed"))
        #expect(try CLIRunner.run(base + ["ICMPv6", "--icmp-type", "128"]).stdout.hasPrefix("allowed"))
        #expect(try CLIRunner.run(base + ["ICMP", "--icmp-type", "0"]).stdout.hasPrefix("denied"))
        #expect(try CLIRunner.run(base + ["ICMPv6", "--icmp-type", "8"]).stdout.hasPrefix("denied"))
    }

    /// connlist cannot qualify its rows: each Cilium entry with L7 rules or toFQDNs is a warning instead.
    @Test func connlistWarnsOfL7Rules() throws {
        let r = try CLIRunner.run(["policy", "connlist", "policies/cilium"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("inference/gateway[Pod] => inference/model[Pod] : TCP 8000"))
        for (line, what) in [
            (55, "ingress rule 0 'ingress' has rules.http"), (69, "egress rule 1 'egress' has toFQDNs"),
        ] {
            #expect(
                r.stderr.contains(
                    "warning: policies/cilium/cluster.yaml:\(line): CiliumNetworkPolicy inference/model-server \(what): what it allows is allowed at L4, subject to an L7 rule Interlock does not evaluate"
                ))
        }
    }

    /// explain names the deciding Cilium rule with file:line, the implicit default deny included.
    @Test func explainNamesCiliumRules() throws {
        let r = try CLIRunner.run([
            "policy", "explain", "policies/cilium", "--source", "inference/gateway", "--destination", "inference/model",
        ])
        #expect(
            r.stdout.contains(
                "Cilium tier: CiliumNetworkPolicy inference/model-server ingress rule 0 'ingress' (policies/cilium/cluster.yaml:55) allows at L4, subject to L7 rules (http)"
            ))
        #expect(r.stdout.contains("denies: Cilium default deny: a rule selects the endpoint for ingress"))
    }
}
