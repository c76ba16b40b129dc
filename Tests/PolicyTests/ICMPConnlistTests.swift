import InterlockCore
import Manifests
import Testing

@testable import Policy

/// The ICMP examples of Cilium's and Calico's documentation as connlist rows: the types each allows, with
/// the verdicts the documentation states.
@Suite struct ICMPConnlistTests {
    /// The connlist rows of `ev` on the pod network, `SRC => DST : CONNS`, by source and destination.
    static func rows(_ ev: ReferenceEvaluator) -> [String: String] {
        let peers = Connlist.peers(ev.inventory, on: .pod, policies: ev.policies, ipv6: false)
        let lines = Connlist.lines(ev, on: .pod, peers: peers)
        let text = ConnlistRenderer.render(lines, as: .txt)
        #expect(text == lines.map { "\($0)\n" }.joined())
        return Dictionary(
            lines.map { ("\($0.source) => \($0.destination)", $0.connections.description) },
            uniquingKeysWith: { a, _ in a })
    }

    /// Cilium, Layer 4 Policies > "Limit ICMP/ICMPv6 types" (`icmp-rule`): "endpoints with the label
    /// app=myService [may] only emit ICMP packets with type 8 and ICMPv6 packets with type EchoRequest,
    /// to any layer 3 destination"; what reaches it is not restricted.
    @Test func ciliumLimitICMPTypes() throws {
        typealias C = CiliumCluster
        let fields = "[{type: 8, family: IPv4}, {type: EchoRequest, family: IPv6}]"
        let spec = "spec:\n  endpointSelector: {matchLabels: {app: myService}}\n  egress:\n  - icmps:\n"
        let ev = try C.evaluator(C.cnp("icmp-rule", spec + "    - fields: \(fields)"))
        let rows = Self.rows(ev)
        let fromDevpod = rows.filter { $0.key.hasPrefix("ns1/devpod[Pod] => ") }
        #expect(fromDevpod.count == C.pods.count - 1 + 1, "every other pod and the outside world")
        #expect(Set(fromDevpod.values) == ["ICMP 8,ICMPv6 128"])
        #expect(rows["ns1/frontend[Pod] => ns1/devpod[Pod]"] == "All Connections")
        #expect(rows["ns1/frontend[Pod] => ns1/backend[Pod]"] == "All Connections")
    }

    /// A Cilium deny rule by type takes that type out of what an allow rule gives: "Deny policies take
    /// precedence over allow policies".
    @Test func ciliumDenyByTypeWins() throws {
        typealias C = CiliumCluster
        let spec = "spec:\n  endpointSelector: {matchLabels: {role: backend}}\n  ingress:\n  - fromEntities: [all]\n"
        let deny = "  ingressDeny:\n  - icmps: [{fields: [{type: EchoReply}, {type: EchoReply, family: IPv6}]}]"
        let rows = Self.rows(try C.evaluator(C.cnp("icmp-deny", spec + deny)))
        #expect(
            rows["ns1/frontend[Pod] => ns1/backend[Pod]"]
                == "SCTP 1-65535,TCP 1-65535,UDP 1-65535,ICMP 1-255,ICMPv6 0-128,130-255")
    }

    /// Calico, "Use ICMP/ping rules in policy"
    /// (https://docs.tigera.io/calico/latest/network-policy/policy-rules/icmp-ping): `allow-ping-in-cluster`
    /// "allows all workloads to receive ping requests" (ICMP type 8, ICMPv6 type 128) from all workloads,
    /// and `allow-host-unreachable` allows ICMP type 3 code 1 (host unreachable) to Kubernetes pods. They
    /// select every pod for ingress, so nothing else reaches a pod; its egress is not restricted.
    @Test func calicoPingRules() throws {
        let ping = CalicoEvaluationTests.object(
            "GlobalNetworkPolicy", "allow-ping-in-cluster",
            """
              selector: all()
              types: [Ingress]
              ingress:
              - action: Allow
                protocol: ICMP
                source: {selector: all()}
                icmp: {type: 8}
              - action: Allow
                protocol: ICMPv6
                source: {selector: all()}
                icmp: {type: 128}
            """)
        let unreachable = CalicoEvaluationTests.object(
            "GlobalNetworkPolicy", "allow-host-unreachable",
            """
              selector: projectcalico.org/orchestrator == 'k8s'
              types: [Ingress]
              ingress:
              - action: Allow
                protocol: ICMP
                icmp: {type: 3, code: 1}
            """)
        let rows = Self.rows(try CalicoEvaluationTests.calico(ping + unreachable))
        for s in XYZ.pods {
            for d in XYZ.pods where s != d {
                #expect(rows["\(s)[Pod] => \(d)[Pod]"] == "ICMP 3/1,8,ICMPv6 128", "\(s) => \(d)")
            }
        }
        let inbound = rows.filter { $0.key.hasSuffix("=> x/a[Pod]") && $0.key.contains("[External]") }
        #expect(Set(inbound.values) == ["ICMP 3/1"], "from outside the cluster, host unreachable only")
        #expect(rows["x/a[Pod] => 0.0.0.0-255.255.255.255[External]"] == "All Connections")
    }

    /// Where no rule of the dialect in force names ICMP, connection sets keep netpol-analyzer's model (no
    /// ICMP listed; `All Connections` includes it): NetworkPolicy, and a Calico rule about TCP; a Calico
    /// rule about ICMP under `--cni generic` takes no part.
    @Test func clustersWithoutICMPRulesDoNotTrackIt() throws {
        let np = XYZ.policy("web", "  podSelector: {matchLabels: {pod: a}}\n  ingress: [{ports: [{port: 80}]}]")
        let tcp = CalicoEvaluationTests.object(
            "GlobalNetworkPolicy", "tcp-only", "  selector: pod == 'a'\n  ingress:\n  - {action: Allow, protocol: TCP}")
        let icmp = CalicoEvaluationTests.object(
            "GlobalNetworkPolicy", "ping", "  selector: pod == 'b'\n  ingress:\n  - {action: Allow, protocol: ICMP}")
        let generic = try XYZ.evaluator(np + icmp)
        // The Kubernetes policy (order 1000) allows TCP 80, then the Calico one every TCP port.
        for (ev, expected) in [
            (try XYZ.evaluator(np), "TCP 80"), (try CalicoEvaluationTests.calico(np + tcp), "TCP 1-65535"),
            (generic, "TCP 80"),
        ] {
            let set = ev.connections(on: .pod, from: XYZ.endpoint(ev, "y/a"), to: XYZ.endpoint(ev, "x/a"))
            #expect(!set.tracksICMP && set.description == expected)
            let open = ev.connections(on: .pod, from: XYZ.endpoint(ev, "x/a"), to: XYZ.endpoint(ev, "y/c"))
            #expect(!open.tracksICMP && open.description == "All Connections")
        }
        let calico = try CalicoEvaluationTests.calico(icmp)
        let pinged = calico.connections(on: .pod, from: XYZ.endpoint(calico, "y/a"), to: XYZ.endpoint(calico, "x/b"))
        #expect(pinged.tracksICMP && pinged.description == "ICMP")
    }
}
