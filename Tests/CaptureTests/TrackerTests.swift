import Capture
import CaptureSynth
import InterlockCore
import Testing

@Suite struct TrackerTests {
    /// Writes `script` to a pcap and collects its connections.
    func flows(_ script: TrafficScript, configuration: TrackerConfiguration = TrackerConfiguration()) throws
        -> CaptureFlows
    {
        let path = temporaryDirectory() + "/t.pcap"
        try script.write(to: path)
        return try CaptureFlows.collect(paths: [path], configuration: configuration)
    }

    func accounted(_ s: ReadSummary) -> Bool {
        s.packetsRead == s.decoded + s.filtered + s.undecodableTotal
    }

    @Test func tcpHandshakeDataAndClose() throws {
        var s = TrafficScript()
        let path = TrafficScript.Path(client: ip("10.0.0.1"), server: ip("10.0.0.2"))
        s.tcpSession(path, clientPort: 40001, serverPort: 80, exchanges: [(100, 1000), (50, 20)], ending: .fin)
        let f = try flows(s)
        #expect(f.connections.count == 1)
        let c = f.connections[0]
        #expect(c.initiatorAddress == ip("10.0.0.1") && c.initiatorPort == 40001 && c.responderPort == 80)
        #expect(c.direction == .syn)
        // SYN, ACK, 2×(request, ack), FIN, ACK from the client; SYN-ACK, 2 responses, FIN from the server.
        #expect(c.packetsFromInitiator == 8 && c.packetsFromResponder == 4)
        #expect(c.tcp.handshakeComplete && c.tcp.finFromInitiator && c.tcp.finFromResponder && c.tcp.closed)
        #expect(c.tcp.summary == "closed")
        // Whole frames: 14 Ethernet + 20 IP + 20 TCP + payload.
        #expect(c.bytesFromInitiator == UInt64(8 * 54 + 100 + 50))
        #expect(c.bytesFromResponder == UInt64(4 * 54 + 1000 + 20))
        #expect(c.firstPacket == 1 && c.lastPacket == 12)
        #expect(accounted(f.summary) && f.summary.decoded == 12)
    }

    @Test func midStreamDirectionIsInferred() throws {
        var s = TrafficScript()
        // The first packet seen goes from the server (port 22) to the client: the well-known port is the responder.
        let path = TrafficScript.Path(client: ip("10.0.0.2"), server: ip("10.0.0.1"))
        s.tcpSession(path, clientPort: 22, serverPort: 51000, exchanges: [(10, 10)], ending: .open, handshake: false)
        var t = TrafficScript()
        // Both ports high: the lower one is the responder.
        t.tcpSession(
            TrafficScript.Path(client: ip("10.0.0.3"), server: ip("10.0.0.4")), clientPort: 9000, serverPort: 45000,
            exchanges: [(10, 10)], ending: .open, handshake: false)
        let a = try flows(s).connections[0]
        let b = try flows(t).connections[0]
        #expect(a.direction == .inferred && a.responderPort == 22 && a.responderAddress == ip("10.0.0.2"))
        #expect(a.packetsFromResponder == 2 && a.packetsFromInitiator == 1)
        #expect(b.direction == .inferred && b.responderPort == 9000 && b.responderAddress == ip("10.0.0.3"))
        #expect(a.tcp.summary == "mid-stream")
    }

    @Test func resetAndPortReuseStartNewConnections() throws {
        var s = TrafficScript()
        let path = TrafficScript.Path(client: ip("10.0.0.1"), server: ip("10.0.0.2"))
        s.tcpSession(path, clientPort: 40000, serverPort: 443, exchanges: [(1, 1)], ending: .reset)
        s.tcpSession(path, clientPort: 40000, serverPort: 443, exchanges: [(1, 1)], ending: .fin)
        s.tcpSession(path, clientPort: 40000, serverPort: 443, exchanges: [], ending: .open)
        let f = try flows(s)
        #expect(f.connections.count == 3)
        #expect(f.connections[0].tcp.reset && f.connections[0].tcp.summary == "reset")
        #expect(f.connections[1].tcp.summary == "closed" && f.connections[1].firstPacket == 8)
        #expect(f.connections[2].tcp.summary == "established")
    }

    @Test func udpIdleTimeoutSplitsConnections() throws {
        var s = TrafficScript()
        let path = TrafficScript.Path(client: ip("10.0.0.1"), server: ip("10.0.0.2"))
        s.udpFlow(path, clientPort: 5000, serverPort: 53, datagrams: 2, size: 10)
        s.clock += 121_000_000_000
        s.udpFlow(path, clientPort: 5000, serverPort: 53, datagrams: 1, size: 10)
        #expect(try flows(s).connections.count == 2)
        var longer = TrackerConfiguration()
        longer.udpIdleTimeout = .seconds(300)
        let one = try flows(s, configuration: longer)
        #expect(one.connections.count == 1 && one.connections[0].packets == 6)
    }

    @Test func vlanIsPartOfTheKey() throws {
        var s = TrafficScript()
        for vlan: UInt16 in [10, 20] {
            s.udpFlow(
                TrafficScript.Path(client: ip("10.0.0.1"), server: ip("10.0.0.2"), vlans: [vlan]),
                clientPort: 7000, serverPort: 7001, datagrams: 1, size: 8)
        }
        let f = try flows(s)
        #expect(f.connections.map(\.vlan) == [10, 20])
    }

    @Test func laterFragmentsAreAttributed() throws {
        var s = TrafficScript()
        let path = TrafficScript.Path(client: ip("10.0.0.1"), server: ip("10.0.0.2"))
        s.fragmentedUDP(path, clientPort: 4000, serverPort: 4001, size: 4000, fragmentSize: 1480, identification: 5)
        let f = try flows(s)
        #expect(f.connections.count == 1)
        #expect(f.connections[0].packetsFromInitiator == 3 && f.connections[0].laterFragments == 2)
        #expect(f.summary.decoded == 3)
        // Without the first fragment, the later ones cannot be attributed.
        var orphan = TrafficScript()
        let all = PacketBuilder.fragmentIPv4(
            source: v4("10.0.0.1"), destination: v4("10.0.0.2"), proto: .udp,
            payload: [UInt8](repeating: 0, count: 3000), identification: 6, fragmentSize: 1480)
        for fragment in all.dropFirst() { orphan.append(ethernet((fragment, 0x0800))) }
        let g = try flows(orphan)
        #expect(g.summary.undecodable[.orphanFragment] == 2 && g.connections.isEmpty && accounted(g.summary))
    }

    @Test func vxlanReportsOuterAndInner() throws {
        var s = TrafficScript()
        let tunnel = TrafficScript.VXLANTunnel(vni: 4242, clientVTEP: ip("192.168.0.1"), serverVTEP: ip("192.168.0.2"))
        s.tcpSession(
            TrafficScript.Path(client: ip("10.244.1.5"), server: ip("10.244.2.7"), vxlan: tunnel),
            clientPort: 41000, serverPort: 8443, exchanges: [(200, 300)])
        let f = try flows(s)
        #expect(f.connections.count == 3)  // a VTEP-to-VTEP UDP flow each way (both to port 4789), and the pod flow
        let inner = f.connections.first { $0.tunnel == .vxlan }!
        #expect(inner.initiatorAddress == ip("10.244.1.5") && inner.responderPort == 8443 && inner.tunnelID == 4242)
        #expect(inner.packets == 9 && inner.outerConnection != nil)
        let outer = f.connections[inner.outerConnection!]
        #expect(outer.proto == .udp && outer.responderPort == 4789)
        #expect(f.summary.tunnelled == 9)
    }

    @Test func roceFlowsByQueuePairWithPairingAndCNPs() throws {
        var s = TrafficScript()
        let path = TrafficScript.Path(client: ip("10.10.0.1"), server: ip("10.10.0.2"))
        s.roceWrite(
            path, requesterQP: 0x11, responderQP: 0x22, sourcePort: 50001, ackSourcePort: 50002, firstPSN: 100,
            packets: 4, payloadSize: 1024, cnps: 2)
        s.roceWrite(
            path, requesterQP: 0x33, responderQP: 0x44, sourcePort: 50003, ackSourcePort: 50004, firstPSN: 7,
            packets: 1, payloadSize: 256)
        let f = try flows(s)
        #expect(f.connections.count == 4)
        let requests = f.connections.filter { ($0.roce?.requests ?? 0) > 0 }
        #expect(requests.map { $0.roce!.destinationQP } == [0x22, 0x44])
        let first = requests[0].roce!
        #expect(first.requests == 4 && first.lowestPSN == 100 && first.highestPSN == 103)
        let acks = f.connections[first.pairedWith!]
        #expect(acks.roce!.destinationQP == 0x11 && acks.roce!.responses == 1 && acks.roce!.cnps == 2)
        #expect(acks.roce!.pairedWith == requests[0].id)
        #expect(f.summary.rocePackets == 9 && f.summary.roceCNPs == 2 && f.summary.roceAcks == 2)
    }

    @Test func icmpEchoRequestAndReplyShareAConnection() throws {
        var s = TrafficScript()
        s.icmpEcho(TrafficScript.Path(client: ip("10.0.0.1"), server: ip("10.0.0.2")), identifier: 1, count: 3)
        s.icmpEcho(TrafficScript.Path(client: ip("fd00::1"), server: ip("fd00::2")), identifier: 1, count: 2)
        let f = try flows(s)
        #expect(f.connections.count == 2)
        #expect(f.connections[0].packetsFromInitiator == 3 && f.connections[0].packetsFromResponder == 3)
        #expect(f.connections[0].initiatorPort == 8)
        #expect(f.connections[1].packets == 4 && f.connections[1].proto == .icmpv6)
    }

    @Test func idsAreStableAcrossPasses() throws {
        var s = TrafficScript()
        for i in 0..<50 {
            s.udpFlow(
                TrafficScript.Path(client: ip("10.0.0.\(i % 7 + 1)"), server: ip("10.0.1.1")),
                clientPort: UInt16(3000 + i % 11), serverPort: 53, datagrams: 1, size: 20)
        }
        let dir = temporaryDirectory()
        try s.write(to: dir + "/a.pcap")
        let reader1 = try CaptureReader(paths: [dir + "/a.pcap"])
        let reader2 = try CaptureReader(paths: [dir + "/a.pcap"])
        var seen1: [Int] = []
        var seen2: [Int] = []
        var sum1 = ReadSummary()
        var sum2 = ReadSummary()
        CaptureScan.run(reader: reader1, tracker: ConnectionTracker(), summary: &sum1) { _, a in
            seen1.append(a!.connection)
        }
        CaptureScan.run(reader: reader2, tracker: ConnectionTracker(expectedConnections: 4), summary: &sum2) { _, a in
            seen2.append(a!.connection)
        }
        #expect(seen1 == seen2 && seen1.count == 100)
    }

    /// The pipelined scan (`count`, used by `capture flows`) and the visiting one (`run`, used by the
    /// export) produce the same connections.
    @Test func pipelinedAndVisitingScansAgree() throws {
        let dir = temporaryDirectory()
        var s = SampleCaptures.mixed()
        for i in 0..<300 {
            s.udpFlow(
                TrafficScript.Path(client: ip("10.7.\(i % 5).\(i % 250 + 1)"), server: ip("10.8.0.\(i % 9 + 1)")),
                clientPort: UInt16(2000 + i % 37), serverPort: 53, datagrams: 1 + i % 3, size: 30, replies: i % 2 == 0)
        }
        try s.write(to: dir + "/m.pcap")
        let pipelined = try CaptureFlows.collect(paths: [dir + "/m.pcap"])
        let tracker = ConnectionTracker()
        var summary = ReadSummary()
        CaptureScan.run(reader: try CaptureReader(paths: [dir + "/m.pcap"]), tracker: tracker, summary: &summary) {
            _, _ in
        }
        var visited = tracker.connections
        visited.sort { $0.id < $1.id }
        #expect(summary == pipelined.summary)
        #expect(visited.count == pipelined.connections.count)
        for (a, b) in zip(visited, pipelined.connections) {
            var a = a
            a.roce?.pairedWith = b.roce?.pairedWith  // pairing runs after the scan in `collect` only
            #expect(ConnectionReport.json(a) == ConnectionReport.json(b))
        }
    }
}
