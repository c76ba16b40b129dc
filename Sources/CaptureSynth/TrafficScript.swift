import Capture
import InterlockCore

/// A scripted capture: TCP sessions (handshake, data, FIN or RST teardown), UDP flows, ICMP echo,
/// fragmented datagrams and RoCEv2 RDMA writes with PSNs, ACKs and CNPs, each optionally VLAN-tagged
/// or VXLAN-encapsulated, as timestamped Ethernet frames. Frames are appended in time order.
public struct TrafficScript {
    /// One frame and its capture time (ns since the epoch).
    public struct Frame: Sendable {
        /// Capture time, nanoseconds since the epoch.
        public var timestamp: Int64
        /// The Ethernet frame.
        public var bytes: [UInt8]
    }

    /// A VXLAN tunnel between the client's and the server's VTEP.
    public struct VXLANTunnel: Sendable {
        /// The VXLAN network identifier (24 bits).
        public var vni: UInt32
        /// The client side's VTEP: the outer source of client-to-server frames.
        public var clientVTEP: IPAddress
        /// The server side's VTEP: the outer source of server-to-client frames.
        public var serverVTEP: IPAddress
        /// A tunnel between two VTEPs.
        public init(vni: UInt32, clientVTEP: IPAddress, serverVTEP: IPAddress) {
            self.vni = vni
            self.clientVTEP = clientVTEP
            self.serverVTEP = serverVTEP
        }
    }

    /// Who talks to whom, and how the frames are carried.
    public struct Path: Sendable {
        /// The initiator's address.
        public var client: IPAddress
        /// The responder's address.
        public var server: IPAddress
        /// VLAN tags on the (inner) frames, outermost first; two make an 802.1ad QinQ frame (empty: untagged).
        public var vlans: [UInt16]
        /// The VXLAN tunnel that carries the frames, if any.
        public var vxlan: VXLANTunnel?
        /// Another encapsulation that carries the frames (ignored when `vxlan` is set).
        public var encapsulation: Encapsulation?
        /// A path from `client` to `server`, untagged and not tunnelled unless given.
        public init(
            client: IPAddress, server: IPAddress, vlans: [UInt16] = [], vxlan: VXLANTunnel? = nil,
            encapsulation: Encapsulation? = nil
        ) {
            self.client = client
            self.server = server
            self.vlans = vlans
            self.vxlan = vxlan
            self.encapsulation = encapsulation
        }
    }

    /// How a TCP session ends.
    public enum TCPEnding: Sendable { case fin, reset, open }

    /// Every frame so far, in time order.
    public private(set) var frames: [Frame] = []
    /// The time of the next frame.
    public var clock: Int64
    /// Time between consecutive frames of one exchange.
    public var step: Duration = .microseconds(100)

    /// Starts at `start` (ns since the epoch; default 2024-01-01T00:00:00Z).
    public init(start: Int64 = 1_704_067_200_000_000_000) { clock = start }

    /// Appends a ready frame at the current clock and advances it.
    public mutating func append(_ bytes: [UInt8]) {
        frames.append(Frame(timestamp: clock, bytes: bytes))
        clock += step.wholeNanoseconds
    }

    /// Frames an IP packet from one side of `path` and appends it.
    public mutating func emit(_ path: Path, fromClient: Bool, ip: (packet: [UInt8], etherType: UInt16)) {
        let src = fromClient ? path.client : path.server
        let dst = fromClient ? path.server : path.client
        let frame = PacketBuilder.ethernet(
            source: PacketBuilder.mac(for: src), destination: PacketBuilder.mac(for: dst),
            vlans: path.vlans, etherType: ip.etherType, payload: ip.packet)
        guard let t = path.vxlan else {
            guard let e = path.encapsulation else { return append(frame) }
            return append(
                PacketBuilder.encapsulate(
                    e, frame: frame, ip: ip, source: PacketBuilder.mac(for: src),
                    destination: PacketBuilder.mac(for: dst), fromClient: fromClient))
        }
        let vs = fromClient ? t.clientVTEP : t.serverVTEP
        let vd = fromClient ? t.serverVTEP : t.clientVTEP
        // RFC 7348 5: the source port is a hash of the inner headers, in the dynamic range.
        let entropy = UInt16(49152 + Int(PacketAddress(src).low &+ PacketAddress(dst).low) % 16384)
        let udp = PacketBuilder.udp(
            source: vs, destination: vd, sourcePort: entropy, destinationPort: WellKnownPort.vxlan,
            payload: PacketBuilder.vxlan(vni: t.vni, frame: frame))
        let outer = PacketBuilder.ip(source: vs, destination: vd, proto: .udp, payload: udp)
        append(
            PacketBuilder.ethernet(
                source: PacketBuilder.mac(for: vs), destination: PacketBuilder.mac(for: vd),
                etherType: outer.etherType, payload: outer.packet))
    }

    /// A TCP session: handshake (unless `handshake` is false: seen mid-stream), one request and
    /// response of the given sizes per exchange, each acknowledged, then the ending.
    public mutating func tcpSession(
        _ path: Path, clientPort: UInt16, serverPort: UInt16,
        exchanges: [(request: Int, response: Int)], ending: TCPEnding = .fin,
        handshake: Bool = true
    ) {
        var cseq: UInt32 = 0x1000_0000 &+ UInt32(clientPort) << 8
        var sseq: UInt32 = 0x5000_0000 &+ UInt32(serverPort) << 8
        func segment(_ s: inout TrafficScript, fromClient: Bool, _ flags: TCPFlags, _ payload: Int) {
            let (src, dst) = fromClient ? (path.client, path.server) : (path.server, path.client)
            let seg = PacketBuilder.tcp(
                source: src, destination: dst,
                sourcePort: fromClient ? clientPort : serverPort,
                destinationPort: fromClient ? serverPort : clientPort,
                sequence: fromClient ? cseq : sseq, acknowledgment: fromClient ? sseq : cseq,
                flags: flags, payload: [UInt8](repeating: 0x61, count: payload))
            let advance = UInt32(payload) + (flags.contains(.syn) || flags.contains(.fin) ? 1 : 0)
            if fromClient { cseq &+= advance } else { sseq &+= advance }
            s.emit(
                path, fromClient: fromClient,
                ip: PacketBuilder.ip(source: src, destination: dst, proto: .tcp, payload: seg))
        }
        if handshake {
            segment(&self, fromClient: true, [.syn], 0)
            segment(&self, fromClient: false, [.syn, .ack], 0)
            segment(&self, fromClient: true, [.ack], 0)
        }
        for e in exchanges {
            segment(&self, fromClient: true, [.psh, .ack], e.request)
            segment(&self, fromClient: false, [.psh, .ack], e.response)
            segment(&self, fromClient: true, [.ack], 0)
        }
        switch ending {
        case .fin:
            segment(&self, fromClient: true, [.fin, .ack], 0)
            segment(&self, fromClient: false, [.fin, .ack], 0)
            segment(&self, fromClient: true, [.ack], 0)
        case .reset:
            segment(&self, fromClient: false, [.rst, .ack], 0)
        case .open:
            break
        }
    }

    /// A TCP connection attempt nobody answers (a filter dropped it): the SYN, then its
    /// retransmissions `retries` times with the initial retransmission timeout of 1 s doubling each
    /// time (RFC 6298 2.1 and 5.5).
    public mutating func tcpAttempt(_ path: Path, clientPort: UInt16, serverPort: UInt16, retries: Int = 2) {
        let seq: UInt32 = 0x1000_0000 &+ UInt32(clientPort) << 8
        var timeout: Int64 = 1_000_000_000
        for attempt in 0...retries {
            if attempt > 0 {
                clock += timeout - step.wholeNanoseconds
                timeout *= 2
            }
            let seg = PacketBuilder.tcp(
                source: path.client, destination: path.server, sourcePort: clientPort,
                destinationPort: serverPort, sequence: seq, acknowledgment: 0, flags: [.syn])
            emit(
                path, fromClient: true,
                ip: PacketBuilder.ip(source: path.client, destination: path.server, proto: .tcp, payload: seg))
        }
    }

    /// `datagrams` UDP datagrams of `size` bytes from the client, each answered when `replies`.
    public mutating func udpFlow(
        _ path: Path, clientPort: UInt16, serverPort: UInt16, datagrams: Int, size: Int,
        replies: Bool = true
    ) {
        for _ in 0..<datagrams {
            for fromClient in replies ? [true, false] : [true] {
                let (src, dst) = fromClient ? (path.client, path.server) : (path.server, path.client)
                let d = PacketBuilder.udp(
                    source: src, destination: dst, sourcePort: fromClient ? clientPort : serverPort,
                    destinationPort: fromClient ? serverPort : clientPort,
                    payload: [UInt8](repeating: 0x75, count: size))
                emit(
                    path, fromClient: fromClient,
                    ip: PacketBuilder.ip(source: src, destination: dst, proto: .udp, payload: d))
            }
        }
    }

    /// `count` ICMP (or ICMPv6) echo requests from the client, each answered.
    public mutating func icmpEcho(_ path: Path, identifier: UInt16, count: Int) {
        let v6 = path.client.version == 6
        let proto: IPProtocol = v6 ? .icmpv6 : .icmp
        for seq in 0..<count {
            for fromClient in [true, false] {
                let (src, dst) = fromClient ? (path.client, path.server) : (path.server, path.client)
                let type: UInt8 = v6 ? (fromClient ? 128 : 129) : (fromClient ? 8 : 0)
                let m = PacketBuilder.icmp(
                    source: src, destination: dst, type: type, code: 0,
                    rest: PacketBuilder.be16(identifier) + PacketBuilder.be16(UInt16(seq))
                        + [UInt8](repeating: 0x70, count: 32))
                emit(
                    path, fromClient: fromClient,
                    ip: PacketBuilder.ip(source: src, destination: dst, proto: proto, payload: m))
            }
        }
    }

    /// One UDP datagram of `size` bytes from the client, sent as IPv4 fragments of `fragmentSize`,
    /// the first fragment first unless `lastFirst` (as some senders do: the last fragment first).
    public mutating func fragmentedUDP(
        _ path: Path, clientPort: UInt16, serverPort: UInt16, size: Int,
        fragmentSize: Int, identification: UInt16, lastFirst: Bool = false
    ) {
        guard case .v4(let s) = path.client, case .v4(let d) = path.server else { return }
        let datagram = PacketBuilder.udp(
            source: path.client, destination: path.server, sourcePort: clientPort,
            destinationPort: serverPort, payload: [UInt8](repeating: 0x66, count: size))
        let fragments = PacketBuilder.fragmentIPv4(
            source: s, destination: d, proto: .udp, payload: datagram,
            identification: identification, fragmentSize: fragmentSize)
        for f in lastFirst ? fragments.reversed() : fragments {
            emit(path, fromClient: true, ip: (f, 0x0800))
        }
    }

    /// An RC RDMA WRITE of `packets` packets (FIRST/MIDDLE/LAST, or ONLY) from the client's QP to the
    /// server's, PSNs from `firstPSN`, the last asking for an acknowledgement; the server ACKs it from
    /// `ackSourcePort` to the client's QP, and sends `cnps` congestion notifications before that.
    public mutating func roceWrite(
        _ path: Path, requesterQP: UInt32, responderQP: UInt32, sourcePort: UInt16,
        ackSourcePort: UInt16, firstPSN: UInt32, packets: Int, payloadSize: Int,
        partitionKey: UInt16 = 0xFFFF, cnps: Int = 0
    ) {
        for i in 0..<packets {
            let opcode: UInt8 = packets == 1 ? 0x0A : (i == 0 ? 0x06 : (i == packets - 1 ? 0x08 : 0x07))
            // RDMA WRITE FIRST and ONLY carry a 16-byte RETH (virtual address, rkey, DMA length).
            let reth: [UInt8] =
                opcode == 0x06 || opcode == 0x0A
                ? PacketBuilder.be64(0x7F00_0000_0000) + PacketBuilder.be32(0x1234)
                    + PacketBuilder.be32(UInt32(packets * payloadSize))
                : []
            let p = PacketBuilder.rocev2(
                source: path.client, destination: path.server, sourcePort: sourcePort,
                opcode: opcode, partitionKey: partitionKey, destinationQP: responderQP,
                psn: (firstPSN &+ UInt32(i)) & 0xFF_FFFF, ackRequest: i == packets - 1,
                payload: reth + [UInt8](repeating: 0x52, count: payloadSize))
            emit(path, fromClient: true, ip: p)
        }
        for _ in 0..<cnps {
            emit(
                path, fromClient: false,
                ip: PacketBuilder.rocev2(
                    source: path.server, destination: path.client, sourcePort: ackSourcePort, opcode: RoCEOpcode.cnp,
                    partitionKey: partitionKey, destinationQP: requesterQP, psn: 0,
                    payload: [UInt8](repeating: 0, count: 16)))
        }
        let lastPSN = (firstPSN &+ UInt32(packets - 1)) & 0xFF_FFFF
        emit(
            path, fromClient: false,
            ip: PacketBuilder.rocev2(
                source: path.server, destination: path.client, sourcePort: ackSourcePort, opcode: 0x11,
                partitionKey: partitionKey, destinationQP: requesterQP, psn: lastPSN, aeth: 0x1F00_0000 | lastPSN))
    }

    /// Writes the frames as Ethernet to `path` (pcap or pcapng by extension unless `format` is given).
    ///
    /// - Throws: `InputError` naming `path` when the file cannot be created or written.
    public func write(to path: String, format: CaptureFormat? = nil) throws {
        let writer = try CaptureWriter(path: path, linkType: .ethernet, format: format)
        for f in frames { writer.write(timestamp: f.timestamp, bytes: f.bytes) }
        try writer.finish()
    }
}
