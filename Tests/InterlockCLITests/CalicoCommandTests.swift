import CaptureSynth
import Foundation
import InterlockCore
import TestSupport
import Testing

/// `--cni` end to end on the Calico example (`policies/calico`): detected from the kinds present with a
/// note, or chosen; both engines agree; connlist cuts external space at Calico's network sets.
@Suite struct CalicoCommandTests {
    static let batchToDB = [
        "policy", "eval", "policies/calico", "--source", "shop/batch", "--destination", "shop/db", "--port", "5432",
    ]

    /// The security tier selects the database and matches nothing from batch: denied at the end of the
    /// tier, under the detected CNI (with a note) and under `--cni calico` (without one), by both engines.
    @Test(arguments: [[], ["--cni", "calico"]], ["compiled", "reference"])
    func detectedOrChosenCalico(_ cni: [String], engine: String) throws {
        let r = try CLIRunner.run(Self.batchToDB + cni + ["--engine", engine])
        #expect(r.status == 0 && r.stdout.hasPrefix("denied"), "\(r.stdout)\(r.stderr)")
        #expect(
            r.stderr.contains("note: Calico kinds present: evaluated as Calico enforces them (--cni calico)")
                == cni.isEmpty)
    }

    /// Under `--cni generic` the Calico policies take no part: the Kubernetes NetworkPolicy alone decides.
    @Test func genericIgnoresCalico() throws {
        let web = try CLIRunner.run(Self.batchToDB + ["--cni", "generic"])
        #expect(web.status == 0 && web.stdout.hasPrefix("denied") && !web.stderr.contains("note:"))
        #expect(web.stderr.contains("warning: 3 Calico policies are not evaluated under --cni generic"))
        let r = try CLIRunner.run([
            "policy", "eval", "policies/calico", "--source", "shop/web", "--destination", "shop/batch", "--port", "80",
            "--cni", "generic",
        ])
        #expect(r.stdout.hasPrefix("allowed"))
    }

    /// `policy diff --staged`: the example's staged lockdown of the batch pods' egress removes their
    /// connections; without `--staged`, one path is not enough.
    @Test func diffStaged() throws {
        let r = try CLIRunner.run(["policy", "diff", "--staged", "policies/calico"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout.contains(
                "diff-type: removed, source: shop/batch[Pod], destination: 203.0.114.0-255.255.255.255[External], ref1: All Connections, ref2: No Connections"
            ))
        #expect(!r.stdout.contains("source: shop/web[Pod]"))
        #expect(try CLIRunner.run(["policy", "diff", "policies/calico"]).status != 0)
    }

    /// `capture analyze --staged`: a capture of the batch pod's HTTPS to the internet is allowed as
    /// enforced, and denied once the staged lockdown is enforced.
    @Test func captureAnalyzeStaged() throws {
        let path = Scratch.directory() + "/batch.pcap"
        var s = TrafficScript()
        s.tcpSession(
            TrafficScript.Path(client: IPAddress("10.1.0.30")!, server: IPAddress("198.51.100.7")!),
            clientPort: 41000, serverPort: 443, exchanges: [(100, 100)])
        try s.write(to: path)
        let now = try CLIRunner.run(["capture", "analyze", path, "--cluster", "policies/calico"])
        let preview = try CLIRunner.run(["capture", "analyze", path, "--cluster", "policies/calico", "--staged"])
        #expect(now.status == 0, "\(now.stdout)\(now.stderr)")
        #expect(
            preview.status == 1 && preview.stdout.contains("StagedNetworkPolicy shop/batch-lockdown"),
            "\(preview.stdout)")
    }

    /// `policy eval --icmp-type`: the web pods take echo requests (type 8) and nothing else by ICMP, by
    /// both engines; a type needs an ICMP protocol.
    @Test(arguments: ["compiled", "reference"])
    func evalByICMPType(engine: String) throws {
        let base = [
            "policy", "eval", "policies/calico", "--source", "shop/db", "--destination", "shop/web", "--protocol",
            "ICMP", "--engine", engine,
        ]
        #expect(try CLIRunner.run(base + ["--icmp-type", "8"]).stdout.hasPrefix("allowed"))
        #expect(try CLIRunner.run(base + ["--icmp-type", "0"]).stdout.hasPrefix("denied"))
        #expect(try CLIRunner.run(base).stdout.hasPrefix("denied"))
        let misuse = try CLIRunner.run(Self.batchToDB + ["--icmp-type", "8"])
        #expect(misuse.status == 2 && misuse.stderr.contains("--icmp-type goes with --protocol ICMP or ICMPv6"))
    }

    /// `policy eval --source-port`: the web pods take UDP from source port 53 only, by both engines;
    /// without a source port the question is denied (not allowed from every source port).
    @Test(arguments: ["compiled", "reference"])
    func evalBySourcePort(engine: String) throws {
        let base = [
            "policy", "eval", "policies/calico", "--source", "shop/db", "--destination", "shop/web", "--protocol",
            "UDP", "--port", "40000", "--engine", engine,
        ]
        #expect(try CLIRunner.run(base + ["--source-port", "53"]).stdout.hasPrefix("allowed"))
        #expect(try CLIRunner.run(base + ["--source-port", "5353"]).stdout.hasPrefix("denied"))
        let unknown = try CLIRunner.run(base + ["--explain"])
        #expect(unknown.stdout.hasPrefix("denied"))
        #expect(unknown.stdout.contains("source port unknown: a rule looks at source ports; denied at source port 1"))
        let json = try CLIRunner.run(base + ["--source-port", "53", "--format", "json"])
        #expect(json.stdout.contains("\"sourcePort\": 53,"))
        let misuse = try CLIRunner.run(Self.batchToDB + ["--protocol", "ICMP", "--source-port", "53"])
        #expect(misuse.status == 2 && misuse.stderr.contains("--source-port goes with TCP, UDP or SCTP"))
    }

    /// `capture analyze` judges a captured flow by its initiator's source port: UDP from the database's
    /// port 53 to a web pod is allowed, from port 5353 denied.
    @Test(arguments: [(UInt16(53), Int32(0)), (5353, 1)])
    func captureAnalyzeBySourcePort(sourcePort: UInt16, status: Int32) throws {
        let path = Scratch.directory() + "/dns-\(sourcePort).pcap"
        var s = TrafficScript()
        s.udpFlow(
            TrafficScript.Path(client: IPAddress("10.1.0.20")!, server: IPAddress("10.1.0.10")!),
            clientPort: sourcePort, serverPort: 40000, datagrams: 2, size: 60, replies: false)
        try s.write(to: path)
        let r = try CLIRunner.run(["capture", "analyze", path, "--cluster", "policies/calico"])
        #expect(r.status == status, "\(r.stdout)\(r.stderr)")
    }

    /// Partner addresses (a GlobalNetworkSet) reach the web pods on TCP 8000-8090 and by echo request:
    /// connlist cuts the external space at the set's CIDR; other addresses send echo requests only (the
    /// `icmp: {type: 8}` rule has no source), in every format.
    @Test func connlistCutsAtNetworkSets() throws {
        let r = try CLIRunner.run(["policy", "connlist", "policies/calico"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("203.0.113.0-203.0.113.255[External] => shop/web[Pod] : TCP 8000-8090,ICMP 8\n"))
        #expect(r.stdout.contains("203.0.114.0-255.255.255.255[External] => shop/web[Pod] : ICMP 8\n"))
        let csv = try CLIRunner.run(["policy", "connlist", "policies/calico", "--format", "csv"])
        #expect(csv.stdout.contains("203.0.113.0-203.0.113.255[External],shop/web[Pod],\"TCP 8000-8090,ICMP 8\"\n"))
        let json = try CLIRunner.run(["policy", "connlist", "policies/calico", "--format", "json"])
        #expect(json.stdout.contains("\"conn\": \"ICMP 8\""))
    }

    /// `policy diff --staged`: the staged lockdown of the batch pods' egress takes away their echo
    /// requests to the web pods too.
    @Test func diffShowsICMPTypes() throws {
        let r = try CLIRunner.run(["policy", "diff", "--staged", "policies/calico"])
        #expect(
            r.stdout.contains(
                "diff-type: removed, source: shop/batch[Pod], destination: shop/web[Pod], ref1: ICMP 8, ref2: No Connections\n"
            ))
    }
}
