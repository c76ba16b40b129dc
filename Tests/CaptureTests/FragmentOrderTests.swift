import CaptureSynth
import InterlockCore
import Testing

@testable import Capture

/// Later IP fragments that arrive before their datagram's first fragment are held for it and join
/// its connection; only those whose first fragment never comes (in time, within the bounds) are
/// orphans.
@Suite struct FragmentOrderTests {
    func flows(_ script: TrafficScript, readPath: ReadPath = .automatic) throws -> CaptureFlows {
        let path = temporaryDirectory() + "/f.pcap"
        try script.write(to: path)
        return try CaptureFlows.collect(paths: [path], readPath: readPath)
    }

    let path = TrafficScript.Path(client: ip("10.0.0.1"), server: ip("10.0.0.2"))

    @Test func lastFragmentFirstJoinsItsConnection() throws {
        var s = TrafficScript()
        s.fragmentedUDP(
            path, clientPort: 4000, serverPort: 4001, size: 4000, fragmentSize: 1480, identification: 5,
            lastFirst: true)
        s.udpFlow(path, clientPort: 4000, serverPort: 4001, datagrams: 1, size: 10, replies: true)
        for readPath in [ReadPath.automatic, .libpcap] {
            let f = try flows(s, readPath: readPath)
            #expect(f.summary.decoded == 5 && f.summary.undecodableTotal == 0)
            #expect(f.connections.count == 1)
            let c = f.connections[0]
            #expect(c.packetsFromInitiator == 4 && c.packetsFromResponder == 1 && c.laterFragments == 2)
            // The connection starts with the earliest fragment, and its bytes are every frame's.
            #expect(c.firstPacket == 1 && c.firstFrame == 1 && c.firstTimestamp == s.frames[0].timestamp)
            #expect(c.lastPacket == 5 && c.bytes == UInt64(s.frames.reduce(0) { $0 + $1.bytes.count }))
            #expect(c.initiatorPort == 4000 && c.responderPort == 4001)
        }
    }

    @Test func fragmentsOlderThanTheTimeoutAreOrphans() throws {
        let all = PacketBuilder.fragmentIPv4(
            source: v4("10.0.0.1"), destination: v4("10.0.0.2"), proto: .udp,
            payload: PacketBuilder.udp(
                source: ip("10.0.0.1"), destination: ip("10.0.0.2"), sourcePort: 1, destinationPort: 2,
                payload: [UInt8](repeating: 0, count: 3000)),
            identification: 6, fragmentSize: 1480)
        var s = TrafficScript()
        for fragment in all.dropFirst() { s.append(ethernet((fragment, 0x0800))) }
        s.clock += Duration.seconds(31).wholeNanoseconds
        s.append(ethernet((all[0], 0x0800)))
        let f = try flows(s)
        #expect(f.summary.undecodable == [.orphanFragment: 2] && f.summary.decoded == 1)
        #expect(f.connections.count == 1 && f.connections[0].packets == 1)
        // Within the timeout they join.
        var t = TrafficScript()
        for fragment in all.dropFirst() { t.append(ethernet((fragment, 0x0800))) }
        t.clock += Duration.seconds(29).wholeNanoseconds
        t.append(ethernet((all[0], 0x0800)))
        let g = try flows(t)
        #expect(g.summary.decoded == 3 && g.summary.undecodableTotal == 0 && g.connections[0].packets == 3)
    }

    @Test func heldFragmentsAreBoundedPerDatagram() throws {
        let all = PacketBuilder.fragmentIPv4(
            source: v4("10.0.0.1"), destination: v4("10.0.0.2"), proto: .udp,
            payload: PacketBuilder.udp(
                source: ip("10.0.0.1"), destination: ip("10.0.0.2"), sourcePort: 1, destinationPort: 2,
                payload: [UInt8](repeating: 0, count: 8 * 70)),
            identification: 7, fragmentSize: 8)
        #expect(all.count == 71)
        var s = TrafficScript()
        for fragment in all.dropFirst() { s.append(ethernet((fragment, 0x0800))) }
        s.append(ethernet((all[0], 0x0800)))
        let f = try flows(s)
        #expect(f.summary.undecodable == [.orphanFragment: 70 - HeldFragments.perDatagram])
        #expect(f.connections[0].packets == UInt64(1 + HeldFragments.perDatagram))
    }

    /// Over `capacity` held in all, the oldest are given up: their datagrams' first fragments come too
    /// late, while the newest still join.
    @Test func heldFragmentsAreBoundedInAll() throws {
        let n = HeldFragments.capacity + 4
        func fragments(_ id: Int) -> [[UInt8]] {
            PacketBuilder.fragmentIPv4(
                source: v4("10.0.0.1"), destination: v4("10.0.0.2"), proto: .udp,
                payload: PacketBuilder.udp(
                    source: ip("10.0.0.1"), destination: ip("10.0.0.2"), sourcePort: UInt16(1000 + id % 7),
                    destinationPort: 2, payload: [UInt8](repeating: 0, count: 16)),
                identification: UInt16(id), fragmentSize: 8)
        }
        var s = TrafficScript()
        for id in 0..<n { s.append(ethernet((fragments(id)[1], 0x0800))) }
        for id in [0, 1, 2, 3, n - 4, n - 3, n - 2, n - 1] { s.append(ethernet((fragments(id)[0], 0x0800))) }
        let f = try flows(s)
        #expect(f.summary.decoded == 8 + 4 && f.summary.undecodable == [.orphanFragment: n - 4])
        #expect(f.summary.packetsRead == n + 8)
    }

    /// Inside a tunnel the outer packets count at once; the inner fragments wait for their first.
    @Test func innerFragmentsInATunnelJoinToo() throws {
        var s = TrafficScript()
        let gre = TrafficScript.Path(
            client: ip("10.0.0.1"), server: ip("10.0.0.2"),
            encapsulation: .ip(.gre(), clientEnd: ip("192.0.2.1"), serverEnd: ip("192.0.2.2")))
        s.fragmentedUDP(
            gre, clientPort: 4000, serverPort: 4001, size: 4000, fragmentSize: 1480, identification: 5,
            lastFirst: true)
        let f = try flows(s)
        #expect(f.summary.decoded == 3 && f.summary.undecodableTotal == 0 && f.summary.tunnelled == 3)
        let inner = f.connections.first { $0.tunnel == .gre }!
        #expect(inner.packets == 3 && inner.laterFragments == 2 && inner.firstPacket == 1)
        #expect(f.connections.first { $0.proto == .gre }!.packets == 3)
    }
}
