import InterlockCore

/// How the tracker decided which side opened a connection.
public enum DirectionEvidence: UInt8, Sendable, CustomStringConvertible {
    /// The initiator sent a SYN without ACK.
    case syn
    /// The first packet seen was the responder's SYN-ACK.
    case synAck
    /// A TCP connection seen mid-stream: the side with the well-known (below 1024) or else lower
    /// port was taken as the responder. The direction is inferred, not observed.
    case inferred
    /// Not TCP: the sender of the first packet is the initiator.
    case firstPacket
    /// A flow log said which side opened it (Hubble's `is_reply`, Zeek's originator).
    case logged

    /// `syn`, `syn-ack`, `inferred`, `first-packet` or `logged`, as reports print it.
    public var description: String {
        switch self {
        case .syn: return "syn"
        case .synAck: return "syn-ack"
        case .inferred: return "inferred"
        case .firstPacket: return "first-packet"
        case .logged: return "logged"
        }
    }
}

/// What the tracker saw of a TCP connection's life.
public struct TCPState: Sendable, Equatable, BitwiseCopyable {
    /// Flags seen from each side (the OR over its segments).
    public var flagsFromInitiator = TCPFlags()
    /// Flags seen from the responder (the OR over its segments).
    public var flagsFromResponder = TCPFlags()
    /// The three-way handshake was seen whole: SYN, SYN-ACK, then the initiator's ACK.
    public var handshakeComplete = false
    /// The initiator sent a FIN.
    public var finFromInitiator = false
    /// The responder sent a FIN.
    public var finFromResponder = false
    /// Either side sent an RST.
    public var reset = false

    /// Nothing seen yet.
    public init() {}

    /// Reset, or FIN from both sides: a new SYN on the same key starts a new connection.
    public var closed: Bool { reset || (finFromInitiator && finFromResponder) }

    /// `handshake`, `established`, `closing`, `closed`, `reset`, or `mid-stream` when no SYN was seen.
    public var summary: String {
        if reset { return "reset" }
        if finFromInitiator && finFromResponder { return "closed" }
        if finFromInitiator || finFromResponder { return "closing" }
        if handshakeComplete { return "established" }
        if flagsFromInitiator.contains(.syn) || flagsFromResponder.contains(.syn) { return "handshake" }
        return "mid-stream"
    }
}

/// RoCEv2 details of a flow keyed by five-tuple and destination QP.
public struct RoCEFlow: Sendable, Equatable {
    /// The destination queue pair (24 bits) from the BTH.
    public var destinationQP: UInt32 = 0
    /// The BTH's partition key (P_Key).
    public var partitionKey: UInt16 = 0
    /// Packets that are not acknowledges, read responses or CNPs.
    public var requests: UInt64 = 0
    /// Acknowledges (positive) and read responses.
    public var responses: UInt64 = 0
    /// Negative acknowledges (an AETH with the NAK syndrome).
    public var naks: UInt64 = 0
    /// Congestion notification packets (CNPs).
    public var cnps: UInt64 = 0
    /// Lowest and highest PSN seen (24-bit; wraparound is not unfolded).
    public var lowestPSN: UInt32 = .max
    /// The highest PSN seen.
    public var highestPSN: UInt32 = 0
    /// The other direction of the same queue-pair connection, when both are in the capture.
    public var pairedWith: Int? = nil

    /// Nothing seen yet (`lowestPSN` starts at its maximum).
    public init() {}
}

/// One connection: every packet of one key (VLAN, tunnel, five-tuple, RoCE destination QP) between
/// the first packet and its end (a TCP close followed by a new SYN, or an idle timeout).
///
/// Counters are directional: `…FromInitiator` counts the initiator-to-responder direction. Bytes
/// are whole-frame lengths on the wire, as tshark counts them.
public struct Connection: Sendable {
    /// Position in order of first packet (0-based); stable for a given input and configuration, so
    /// a second pass over the same files attributes packets to the same ids.
    public var id: Int
    /// IP version, 4 or 6.
    public var version: UInt8
    /// The transport protocol.
    public var proto: IPProtocol
    /// The side that opened the connection (see `direction`).
    public var initiator: PacketAddress
    /// The side that answered.
    public var responder: PacketAddress
    /// Ports; for ICMP/ICMPv6 the first packet's type and code.
    public var initiatorPort: UInt16
    /// The responder's port (for ICMP/ICMPv6, see `initiatorPort`).
    public var responderPort: UInt16
    /// 802.1Q VLAN ID (0: untagged) and the inner VLAN of QinQ.
    public var vlan: UInt16
    /// The inner VLAN ID of a QinQ frame (0: none).
    public var innerVLAN: UInt16
    /// For traffic decapsulated from a tunnel: the tunnel, its VNI/session, and the connection that
    /// carried the first packet.
    public var tunnel: TunnelKind
    /// The tunnel's VNI (VXLAN, Geneve) or session (ERSPAN); 0 when not tunnelled.
    public var tunnelID: UInt32
    /// The id of the tunnel's own connection, which carried the first packet.
    public var outerConnection: Int?
    /// How the initiator was decided.
    public var direction: DirectionEvidence
    /// Packets from the initiator to the responder.
    public var packetsFromInitiator: UInt64 = 0
    /// Packets from the responder to the initiator.
    public var packetsFromResponder: UInt64 = 0
    /// Frame bytes from the initiator.
    public var bytesFromInitiator: UInt64 = 0
    /// Frame bytes from the responder.
    public var bytesFromResponder: UInt64 = 0
    /// Nanoseconds since the epoch.
    public var firstTimestamp: Int64
    /// The last packet's timestamp, nanoseconds since the epoch.
    public var lastTimestamp: Int64
    /// Packet numbers (1-based, in the merged order of all input files) of the first and last packet.
    public var firstPacket: Int
    /// The last packet's number, like `firstPacket`.
    public var lastPacket: Int
    /// Where the first packet is in its own file (Wireshark's frame number) and which file.
    public var firstFile: Int
    /// The first packet's frame number in its own file (1-based, as Wireshark counts).
    public var firstFrame: Int
    /// Non-first IP fragments attributed to the connection.
    public var laterFragments: UInt64 = 0
    /// Packets whose transport header the snapshot length cut after the ports (counted by their
    /// ports; their TCP flags are unknown).
    public var truncatedPackets: UInt64 = 0
    /// What the tracker saw of the TCP handshake and teardown (unchanged for other protocols).
    public var tcp = TCPState()
    /// Set for RoCEv2 flows (UDP destination port 4791).
    public var roce: RoCEFlow?
    /// For a connection read from a flow log: what the log said (`nil` for packet captures).
    public var flowLog: FlowLogRecord? = nil

    /// Packets in both directions.
    public var packets: UInt64 { packetsFromInitiator + packetsFromResponder }
    /// Frame bytes in both directions.
    public var bytes: UInt64 { bytesFromInitiator + bytesFromResponder }
    /// The initiator's address as an `IPAddress` of the connection's version.
    public var initiatorAddress: IPAddress { initiator.ipAddress(version: version) }
    /// The responder's address as an `IPAddress` of the connection's version.
    public var responderAddress: IPAddress { responder.ipAddress(version: version) }

    /// The five-tuple oriented initiator → responder.
    public var fiveTuple: FiveTuple {
        FiveTuple(
            source: initiatorAddress, sourcePort: initiatorPort, destination: responderAddress,
            destinationPort: responderPort, proto: proto)
    }

    /// The Community ID v1 (seed 0) of the five-tuple.
    public var communityID: String {
        CommunityID.v1(
            proto: proto, source: initiator, destination: responder, version: version,
            sourcePort: initiatorPort, destinationPort: responderPort)
    }
}
