import Capture
import CaptureAnalysis
import CaptureSynth
import Findings
import InterlockCore
import Testing

/// Kubernetes verdicts on captured connections: denials with their explanations, severities by what
/// the capture shows, Service DNAT, tunnels, RDMA.
@Suite struct PolicyFindingTests {
    @Test func allowedTrafficGivesNoFinding() throws {
        var s = TrafficScript()
        s.tcpSession(
            Fixture.path("10.244.1.2", "10.244.2.2"), clientPort: 40000, serverPort: 5432, exchanges: [(100, 200)])
        s.roceWrite(
            Fixture.path("192.168.50.11", "192.168.50.12"), requesterQP: 0x100, responderQP: 0x101, sourcePort: 49152,
            ackSourcePort: 49153, firstPSN: 0, packets: 2, payloadSize: 256)
        let (a, _, _) = try Fixture.analyze(s)
        #expect(a.findings.isEmpty)
        #expect(a.statistics.policyAllowed == 2 && a.statistics.policyDenied == 0)
        // The RoCE queue pair's two streams count as one connection.
        #expect(a.statistics.judged == 2)
        #expect(a.violatingConnections.isEmpty)
    }

    @Test func ingressDenialAnsweredIsHighAndExplained() throws {
        var s = TrafficScript()
        s.tcpSession(
            Fixture.path("10.244.1.3", "10.244.2.3"), clientPort: 40000, serverPort: 9000, exchanges: [(100, 200)])
        let (a, _, path) = try Fixture.analyze(s)
        let f = try #require(a.of(.deniedButObserved).first)
        #expect(a.findings.count == 1)
        #expect(f.severity == .high)
        #expect(f.title == "denied by policy, yet the destination answered")
        #expect(f.source?.name == "shop/batch[Pod]" && f.source?.address == "10.244.1.3")
        #expect(f.destination?.name == "db/api[Pod]" && f.destination?.port == 9000)
        #expect(f.network == "pod" && f.proto == "TCP")
        #expect(
            f.reasons.contains {
                $0.side == .ingress && $0.text.contains("NetworkPolicy db/default-deny selects")
                    && $0.location?.file == "cluster.yaml"
            })
        #expect(f.reasons.contains { $0.side == .ingress && $0.text.contains("denies") })
        #expect(f.ruleID == "NetworkPolicy db/default-deny")
        let e = try #require(f.evidence)
        #expect(e.packets == 9 && e.firstPacket == 1 && e.lastPacket == 9 && e.source == path && e.connections == [0])
        #expect(e.displayFilter == "ip.addr==10.244.1.3 && ip.addr==10.244.2.3 && tcp.port==9000")
        #expect(e.bytes == s.frames.reduce(0) { $0 + $1.bytes.count })
        #expect(a.violatingConnections == [0])
    }

    @Test func unansweredIngressDenialIsMedium() throws {
        var s = TrafficScript()
        s.tcpAttempt(Fixture.path("10.244.1.3", "10.244.2.3"), clientPort: 40000, serverPort: 9000)
        let (a, _, _) = try Fixture.analyze(s)
        let f = try #require(a.of(.deniedButObserved).first)
        #expect(f.severity == .medium)
        #expect(f.evidence?.packets == 3)
        #expect(f.evidence.map { $0.lastTimestamp! - $0.firstTimestamp! } == 3_000_000_000)
        #expect(f.reasons.contains { $0.side == .capture && $0.text.contains("no packet came back") })
    }

    @Test func egressDenialIsHighEvenUnanswered() throws {
        var s = TrafficScript()
        s.tcpAttempt(Fixture.path("10.244.1.2", "10.244.2.3"), clientPort: 40000, serverPort: 9000)
        s.udpFlow(
            Fixture.path("10.244.1.2", "8.8.8.8"), clientPort: 40001, serverPort: 53, datagrams: 1, size: 40,
            replies: false)
        let (a, _, _) = try Fixture.analyze(s)
        let denied = a.of(.deniedButObserved)
        #expect(denied.count == 2)
        #expect(denied.allSatisfy { $0.severity == .high && $0.title.hasPrefix("denied at the source's egress") })
        #expect(denied.allSatisfy { $0.ruleID == "NetworkPolicy shop/web-egress" })
        // A public address is external, not unknown.
        #expect(a.of(.unknownEndpoint).isEmpty)
        #expect(denied.contains { $0.destination?.name == "8.8.8.8" })
    }

    @Test func serviceConnectionsAreJudgedAgainstTheirBackends() throws {
        var s = TrafficScript()
        s.tcpSession(
            Fixture.path("10.244.1.2", "10.96.0.20"), clientPort: 40000, serverPort: 5432, exchanges: [(100, 200)])
        s.tcpSession(
            Fixture.path("10.244.1.3", "10.96.0.20"), clientPort: 40001, serverPort: 5432, exchanges: [(100, 200)])
        let (a, _, _) = try Fixture.analyze(s)
        #expect(a.statistics.serviceConnections == 2)
        // web may reach pg on its named port `pg` (the service's targetPort); batch may not.
        let f = try #require(a.of(.deniedButObserved).first)
        #expect(a.findings.count == 1)
        #expect(f.source?.name == "shop/batch[Pod]")
        #expect(f.destination?.name == "service db/pg-svc" && f.destination?.port == 5432)
        #expect(f.title.hasSuffix("(after DNAT to its backends)"))
        let service = try #require(f.reasons.first)
        #expect(service.side == .service)
        #expect(
            service.text.contains("db/pg-svc 5432/TCP → target port pg") && service.text.contains("db/pg[Pod] denied"))
        #expect(f.reasons.contains { $0.text.contains("NetworkPolicy db/pg-from-web selects") })
    }

    @Test func trafficInsideVXLANIsJudgedOnItsInnerHeaders() throws {
        var s = TrafficScript()
        let tunnel = TrafficScript.VXLANTunnel(
            vni: 1, clientVTEP: IPAddress("10.10.0.1")!, serverVTEP: IPAddress("10.10.0.2")!)
        s.tcpSession(
            TrafficScript.Path(client: IPAddress("10.244.1.3")!, server: IPAddress("10.244.2.3")!, vxlan: tunnel),
            clientPort: 40000, serverPort: 9000, exchanges: [(100, 200)])
        let (a, flows, _) = try Fixture.analyze(s)
        let inner = try #require(flows.connections.first { $0.tunnel == .vxlan })
        let f = try #require(a.of(.deniedButObserved).first)
        #expect(a.findings.count == 1)
        #expect(f.source?.address == "10.244.1.3" && f.destination?.address == "10.244.2.3")
        #expect(f.evidence?.connections == [inner.id])
        #expect(a.violatingConnections == [inner.id])
        // The tunnel itself (node to node, UDP 4789) is judged too and passes.
        #expect(a.statistics.judged == flows.connections.count)
        #expect(a.statistics.planes.map(\.plane) == ["frontend"])
    }

    @Test func rdmaDeniedByPolicyIsUnenforceable() throws {
        var s = TrafficScript()
        s.roceWrite(
            Fixture.path("192.168.50.99", "192.168.50.11"), requesterQP: 0x100, responderQP: 0x101, sourcePort: 49152,
            ackSourcePort: 49153, firstPSN: 0, packets: 3, payloadSize: 512, partitionKey: 0x8001)
        let (a, flows, _) = try Fixture.analyze(s)
        let f = try #require(a.of(.unenforceable).first)
        #expect(f.severity == .high)
        #expect(f.network == "rdma/rail" && f.proto == "RoCEv2" && f.destination?.port == 4791)
        #expect(f.reasons.contains { $0.side == .ingress && $0.text.contains("MultiNetworkPolicy rdma/train-only") })
        #expect(f.reasons.contains { $0.side == .note && $0.text.contains("bypasses the kernel") })
        #expect(f.reasons.contains { $0.text == "no FabricACL is attached to the compute plane (--acls)" })
        #expect(f.reasons.contains { $0.text.contains("Ethernet: only VLANs/VRFs and switch ACLs") })
        // Both streams of the queue pair are the evidence.
        #expect(f.evidence?.connections == flows.connections.map(\.id))
        #expect(f.evidence?.packets == 4)
        // The sender is on the RDMA network's subnet but no pod holds its address.
        let unknown = try #require(a.of(.unknownEndpoint).first)
        #expect(unknown.severity == .medium && unknown.title.contains("inside rdma/rail's subnet 192.168.50.0/24"))
        #expect(!a.findings.contains { $0.kind == .deniedButObserved })
    }

    @Test func aFabricACLThatStopsRDMAMakesItEnforceable() throws {
        var s = TrafficScript()
        s.roceWrite(
            Fixture.path("192.168.50.99", "192.168.50.11"), requesterQP: 0x100, responderQP: 0x101, sourcePort: 49152,
            ackSourcePort: 49153, firstPSN: 0, packets: 3, payloadSize: 512)
        let acls = try Fixture.acls(
            """
            kind: FabricACL
            metadata: {name: rail-members}
            spec:
              attachTo: {plane: compute}
              defaultAction: permit
              rules:
              - {name: stranger, action: deny, source: 192.168.50.99/32}
            """)
        let (a, _, _) = try Fixture.analyze(s, acls: acls)
        #expect(a.of(.unenforceable).isEmpty)
        let f = try #require(a.of(.aclViolation).first)
        #expect(f.severity == .high)
        #expect(f.ruleID == "FabricACL rail-members" && f.location?.line == 7)
        #expect(
            f.reasons.contains { $0.text.contains("rule 0 'stranger' denies 192.168.50.99 -> 192.168.50.11:4791 UDP") })
    }

    @Test func anAcknowledgeStreamAloneIsJudgedFromTheRequester() throws {
        // Only the responder's ACK stream is in the capture: the requester (192.168.50.99) is its receiver.
        var s = TrafficScript()
        s.roceWrite(
            Fixture.path("192.168.50.99", "192.168.50.11"), requesterQP: 0x100, responderQP: 0x101, sourcePort: 49152,
            ackSourcePort: 49153, firstPSN: 0, packets: 3, payloadSize: 512)
        var acksOnly = TrafficScript()
        for frame in s.frames.suffix(1) { acksOnly.append(frame.bytes) }
        let (a, _, _) = try Fixture.analyze(acksOnly)
        let f = try #require(a.of(.unenforceable).first)
        #expect(
            f.source?.address == "192.168.50.99" && f.destination?.address == "192.168.50.11"
                && f.destination?.port == 4791)
        #expect(f.reasons.contains { $0.side == .capture && $0.text.contains("only the RDMA responder's stream") })
    }

    @Test func connectionsOfOnePairMergeIntoOneFinding() throws {
        var s = TrafficScript()
        for port: UInt16 in [40000, 40001, 40002] {
            s.tcpSession(
                Fixture.path("10.244.1.3", "10.244.2.3"), clientPort: port, serverPort: 9000, exchanges: [(100, 200)])
        }
        let (a, _, _) = try Fixture.analyze(s)
        let f = try #require(a.findings.first)
        #expect(a.findings.count == 1)
        #expect(f.evidence?.flows == 3 && f.evidence?.packets == 27 && f.evidence?.connections == [0, 1, 2])
        #expect(f.evidence?.firstPacket == 1 && f.evidence?.lastPacket == 27)
    }

    @Test func aMidStreamConnectionSaysItsDirectionIsInferred() throws {
        var s = TrafficScript()
        s.tcpSession(
            Fixture.path("10.244.1.3", "10.244.2.3"), clientPort: 40000, serverPort: 9000, exchanges: [(100, 200)],
            ending: .open, handshake: false)
        let (a, _, _) = try Fixture.analyze(s)
        let f = try #require(a.of(.deniedButObserved).first)
        #expect(f.reasons.contains { $0.text.contains("direction is inferred") })
    }

    @Test func mirroredTrafficIsJudgedAsWhatItCopies() throws {
        // A switch mirrors a denied connection to a collector over ERSPAN type II.
        var mirrored = TrafficScript()
        mirrored.tcpSession(
            Fixture.path("10.244.1.3", "10.244.2.3"), clientPort: 40000, serverPort: 9000, exchanges: [(100, 200)])
        var s = TrafficScript()
        for (n, frame) in mirrored.frames.enumerated() {
            let gre = PacketBuilder.erspanII(session: 7, sequence: UInt32(n), frame: frame.bytes)
            let ip = PacketBuilder.ip(
                source: IPAddress("10.24.0.50")!, destination: IPAddress("10.24.0.6")!, proto: .gre, payload: gre)
            s.append(
                PacketBuilder.ethernet(
                    source: 0x0200_0000_0001, destination: 0x0200_0000_0002, etherType: ip.etherType,
                    payload: ip.packet))
        }
        let (a, flows, _) = try Fixture.analyze(s)
        #expect(a.statistics.mirrorCarriers == 1)
        let inner = try #require(flows.connections.first { $0.tunnel == .erspan2 })
        let f = try #require(a.of(.deniedButObserved).first)
        #expect(f.evidence?.connections == [inner.id] && f.severity == .high)
        // The mirror session's own addresses (a switch's, unknown to the plan) are not judged.
        #expect(a.findings.count == 1)
    }

    @Test func vlanTaggedTrafficIsJudgedOnItsAddresses() throws {
        var s = TrafficScript()
        s.tcpSession(
            Fixture.path("10.244.1.3", "10.244.2.3", vlans: [100]), clientPort: 40000, serverPort: 9000,
            exchanges: [(100, 200)])
        let (a, _, _) = try Fixture.analyze(s)
        let f = try #require(a.of(.deniedButObserved).first)
        #expect(
            f.evidence?.displayFilter == "ip.addr==10.244.1.3 && ip.addr==10.244.2.3 && tcp.port==9000 && vlan.id==100")
    }
}
