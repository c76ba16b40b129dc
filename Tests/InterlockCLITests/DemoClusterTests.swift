import Testing

/// The demo cluster's documented findings (policies/demo/cluster/README.md) stay true.
@Suite struct DemoClusterTests {
    static let demo = "policies/demo/cluster"

    @Test func theFourMistakesShow() throws {
        let connlist = try CLIRunner.run(["policy", "connlist", Self.demo])
        #expect(connlist.status == 0, "\(connlist.stderr)")
        let lines = connlist.stdout.split(separator: "\n").map(String.init)
        // 1: the notebook's egress is open to the internet.
        #expect(lines.contains("training/jupyter[Deployment] => 0.0.0.0-9.255.255.255[External] : All Connections"))
        // 2: Prometheus cannot scrape the trainers.
        #expect(!lines.contains { $0.hasPrefix("monitoring/prometheus[StatefulSet] => training/llama-pretrain[Job]") })
        // 3: the gateway cannot reach vLLM.
        #expect(!lines.contains { $0.hasPrefix("inference/gateway[Deployment] => inference/vllm[Deployment]") })
        // 4: the notebook reaches the storage gateway.
        #expect(lines.contains("training/jupyter[Deployment] => storage/storage-gateway[StatefulSet] : TCP 2049,9000"))
        // Guard rails: no tenant reaches the other, nor the metadata service.
        #expect(!lines.contains { $0.hasPrefix("training/jupyter[Deployment] => inference/") })
        #expect(!lines.contains { $0.hasPrefix("training/jupyter[Deployment] => 169.254.169.254-169.254.169.254") })
    }

    @Test func explainAndLintPointAtTheMistakes() throws {
        let explain = try CLIRunner.run([
            "policy", "explain", Self.demo, "--source", "inference/gateway", "--destination", "inference/vllm",
        ])
        // The gateway may send to 8000; vLLM's ingress drops it (its rule names a port vLLM lacks).
        #expect(explain.stdout.contains("allowed:\n  (none)\n"))
        #expect(
            explain.stdout.contains(
                "  TCP 8000\n    egress:  NetworkPolicy tier: NetworkPolicy inference/gateway egress rule 0"))
        #expect(
            explain.stdout.contains(
                "    ingress: NetworkPolicy tier: denies: no ingress rule of the 2 selecting policies matches"))
        let lint = try CLIRunner.run(["policy", "lint", Self.demo])
        #expect(lint.status == 1)
        #expect(lint.stdout.contains("netpol/inference.yaml:58: unknown-named-port"))
        #expect(lint.stdout.contains("netpol/training.yaml:64: selects-nothing"))
        #expect(lint.stdout.contains("netpol/storage.yaml:21: selects-nothing"))
        #expect(lint.stdout.contains("networks/rdma-rail.yaml:25: unenforceable"))
    }

    @Test func rdmaVerdictIsNotEnforced() throws {
        let r = try CLIRunner.run([
            "policy", "eval", Self.demo, "--network", "training/rdma-rail", "--source", "192.168.200.12",
            "--destination", "192.168.200.11", "--protocol", "UDP", "--port", "4791",
        ])
        #expect(r.stdout.hasPrefix("allowed\n") && r.stdout.contains("note: this verdict is not enforced"))
        let ssh = try CLIRunner.run([
            "policy", "eval", Self.demo, "--source", "training/jupyter", "--destination", "node/dgx0002", "--port",
            "22", "--explain",
        ])
        #expect(
            ssh.stdout.hasPrefix("denied\n")
                && ssh.stdout.contains("ClusterNetworkPolicy no-ssh-to-gpu-nodes egress rule 0 'deny-ssh'"))
    }
}

@Suite struct DemoProposalTests {
    @Test func theFixProposalRestoresAndRemovesWhatTheReadmeSays() throws {
        let r = try CLIRunner.run(["policy", "diff", DemoClusterTests.demo, "policies/proposals/fix-demo-mistakes"])
        #expect(r.status == 0)
        #expect(
            r.stdout.contains(
                "diff-type: added, source: inference/gateway[Deployment], destination: inference/vllm[Deployment], ref1: No Connections, ref2: TCP 8000\n"
            ))
        #expect(
            r.stdout.contains(
                "diff-type: added, source: monitoring/prometheus[StatefulSet], destination: training/llama-pretrain[Job], ref1: No Connections, ref2: TCP 9400\n"
            ))
        #expect(
            r.stdout.contains(
                "diff-type: removed, source: training/jupyter[Deployment], destination: storage/storage-gateway[StatefulSet], ref1: TCP 2049,9000, ref2: No Connections\n"
            ))
        #expect(!r.stdout.contains("diff-type: changed"))
    }
}
