import Capture
import InterlockCore

/// Captures the project generates for its demo, tests and benchmarks.
public enum SampleCaptures {
    /// A mix of what GPU-cluster captures hold: TCP sessions (closed, reset, seen mid-stream) on the
    /// front end, UDP (DNS), ICMP echo, VLAN and QinQ tags, VXLAN-encapsulated pod traffic, IPv4
    /// fragments, and RoCEv2 RDMA writes with ACKs and CNPs on the compute fabric.
    public static func mixed() -> TrafficScript {
        var s = TrafficScript()
        let front = TrafficScript.Path(client: IPAddress("10.0.1.15")!, server: IPAddress("10.0.0.10")!)
        s.tcpSession(front, clientPort: 51522, serverPort: 6443, exchanges: [(517, 4120), (230, 1890)])
        s.tcpSession(
            TrafficScript.Path(client: IPAddress("10.0.1.15")!, server: IPAddress("10.0.0.11")!),
            clientPort: 44100, serverPort: 2379, exchanges: [], ending: .reset)
        s.tcpSession(
            TrafficScript.Path(client: IPAddress("10.0.1.16")!, server: IPAddress("10.0.1.15")!, vlans: [20]),
            clientPort: 10250, serverPort: 39812, exchanges: [(120, 80)], ending: .open, handshake: false)
        s.udpFlow(
            TrafficScript.Path(client: IPAddress("10.0.1.15")!, server: IPAddress("10.96.0.10")!),
            clientPort: 53011, serverPort: 53, datagrams: 2, size: 40)
        s.icmpEcho(
            TrafficScript.Path(client: IPAddress("10.0.1.15")!, server: IPAddress("10.0.1.16")!), identifier: 7,
            count: 2)
        s.tcpSession(
            TrafficScript.Path(client: IPAddress("fd00:10::15")!, server: IPAddress("fd00:10::20")!, vlans: [30, 301]),
            clientPort: 60022, serverPort: 22, exchanges: [(64, 512)])
        let tunnel = TrafficScript.VXLANTunnel(
            vni: 4096, clientVTEP: IPAddress("10.0.1.15")!, serverVTEP: IPAddress("10.0.1.16")!)
        s.tcpSession(
            TrafficScript.Path(client: IPAddress("10.244.3.7")!, server: IPAddress("10.244.5.2")!, vxlan: tunnel),
            clientPort: 35500, serverPort: 8080, exchanges: [(300, 1200)])
        s.fragmentedUDP(
            TrafficScript.Path(client: IPAddress("10.0.1.15")!, server: IPAddress("10.0.2.20")!),
            clientPort: 2049, serverPort: 2049, size: 4000, fragmentSize: 1480, identification: 4242)
        let rail0 = TrafficScript.Path(client: IPAddress("192.168.100.1")!, server: IPAddress("192.168.100.33")!)
        s.roceWrite(
            rail0, requesterQP: 0x0001A2, responderQP: 0x0002B3, sourcePort: 49320, ackSourcePort: 49321,
            firstPSN: 0x10000, packets: 8, payloadSize: 1024, partitionKey: 0x8001, cnps: 2)
        s.roceWrite(
            rail0, requesterQP: 0x0001A4, responderQP: 0x0002B5, sourcePort: 49322, ackSourcePort: 49323,
            firstPSN: 0x20000, packets: 1, payloadSize: 4096, partitionKey: 0x8001)
        return s
    }

    /// `flows` distinct minimum-size frames (60 captured bytes: Ethernet, IPv4, UDP or TCP; 64 on the
    /// wire with the FCS), the inputs of the throughput benchmark. Flow `i` goes between
    /// `addresses(i)` (IPv4), by default 10.0.x.x to 10.64.x.x.
    public static func minimumFrames(flows: Int, addresses: ((Int) -> (IPAddress, IPAddress))? = nil) -> [[UInt8]] {
        (0..<flows).map { i in
            let (src, dst) =
                addresses?(i) ?? (
                    IPAddress.v4(IPv4Address(0x0A00_0000 | UInt32(i & 0xFFFF))),
                    IPAddress.v4(IPv4Address(0x0A40_0000 | UInt32((i * 7919) & 0xFFFF)))
                )
            let sport = UInt16(1024 + i % 60000)
            let dport: UInt16 = i % 3 == 0 ? 443 : 4791 + UInt16(i % 2)
            let l4 =
                i % 3 == 0
                ? PacketBuilder.tcp(
                    source: src, destination: dst, sourcePort: sport, destinationPort: dport,
                    sequence: UInt32(i), acknowledgment: 1, flags: [.ack], payload: [0, 0, 0, 0, 0, 0])
                : PacketBuilder.udp(
                    source: src, destination: dst, sourcePort: sport, destinationPort: dport + 1000,
                    payload: [UInt8](repeating: 0, count: 18))
            let ip = PacketBuilder.ip(source: src, destination: dst, proto: i % 3 == 0 ? .tcp : .udp, payload: l4)
            return PacketBuilder.ethernet(
                source: PacketBuilder.mac(for: src), destination: PacketBuilder.mac(for: dst),
                etherType: ip.etherType, payload: ip.packet)
        }
    }

    /// Writes a classic pcap of `packets` minimum-size frames spread over `flows` flows (visited in a
    /// fixed shuffled order, 1 µs apart), streaming: memory does not grow with `packets`.
    ///
    /// - Throws: `InputError` naming `path` when the file cannot be created or written.
    public static func writeMinimumFrameCapture(
        path: String, packets: Int, flows: Int,
        addresses: ((Int) -> (IPAddress, IPAddress))? = nil
    ) throws {
        let frames = minimumFrames(flows: flows, addresses: addresses)
        var order = Array(0..<flows)
        var state: UInt64 = 0x1234_5678
        for i in stride(from: order.count - 1, to: 0, by: -1) {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            order.swapAt(i, Int(state >> 33) % (i + 1))
        }
        let writer = try CaptureWriter(path: path, linkType: .ethernet, format: .pcap)
        let start: Int64 = 1_704_067_200_000_000_000
        for n in 0..<packets {
            writer.write(timestamp: start + Int64(n) * 1000, bytes: frames[order[n % flows]], originalLength: 64)
        }
        try writer.finish()
    }
}
