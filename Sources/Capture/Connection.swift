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

    public var description: String {
        switch self {
        case .syn: return "syn"
        case .synAck: return "syn-ack"
        case .inferred: return "inferred"
        case .firstPacket: return "first-packet"
        }
    }
}

/// What the tracker saw of a TCP connection's life.
public struct TCPState: Sendable, Equatable, BitwiseCopyable {
    /// Flags seen from each side (the OR over its segments).
    public var flagsFromInitiator = TCPFlags()
    public var flagsFromResponder = TCPFlags()
    /// The three-way handshake was seen whole: SYN, SYN-ACK, then the initiator's ACK.
    public var handshakeComplete = false
    public var finFromInitiator = false
    public var finFromResponder = false
    public var reset = false

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
    public var destinationQP: UInt32 = 0
    public var partitionKey: UInt16 = 0
    /// Packets that are not acknowledges, read responses or CNPs.
    public var requests: UInt64 = 0
    /// Acknowledges (positive) and read responses.
    public var responses: UInt64 = 0
    public var naks: UInt64 = 0
    public var cnps: UInt64 = 0
    /// Lowest and highest PSN seen (24-bit; wraparound is not unfolded).
    public var lowestPSN: UInt32 = .max
    public var highestPSN: UInt32 = 0
    /// The other direction of the same queue-pair connection, when both are in the capture.
    public var pairedWith: Int? = nil

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
    public var proto: IPProtocol
    public var initiator: PacketAddress
    public var responder: PacketAddress
    /// Ports; for ICMP/ICMPv6 the first packet's type and code.
    public var initiatorPort: UInt16
    public var responderPort: UInt16
    /// 802.1Q VLAN ID (0: untagged) and the inner VLAN of QinQ.
    public var vlan: UInt16
    public var innerVLAN: UInt16
    /// For traffic decapsulated from a tunnel: the tunnel, its VNI/session, and the connection that
    /// carried the first packet.
    public var tunnel: TunnelKind
    public var tunnelID: UInt32
    public var outerConnection: Int?
    public var direction: DirectionEvidence
    public var packetsFromInitiator: UInt64 = 0
    public var packetsFromResponder: UInt64 = 0
    public var bytesFromInitiator: UInt64 = 0
    public var bytesFromResponder: UInt64 = 0
    /// Nanoseconds since the epoch.
    public var firstTimestamp: Int64
    public var lastTimestamp: Int64
    /// Packet numbers (1-based, in the merged order of all input files) of the first and last packet.
    public var firstPacket: Int
    public var lastPacket: Int
    /// Where the first packet is in its own file (Wireshark's frame number) and which file.
    public var firstFile: Int
    public var firstFrame: Int
    /// Non-first IP fragments attributed to the connection.
    public var laterFragments: UInt64 = 0
    public var tcp = TCPState()
    /// Set for RoCEv2 flows (UDP destination port 4791).
    public var roce: RoCEFlow?

    public var packets: UInt64 { packetsFromInitiator + packetsFromResponder }
    public var bytes: UInt64 { bytesFromInitiator + bytesFromResponder }
    public var initiatorAddress: IPAddress { initiator.ipAddress(version: version) }
    public var responderAddress: IPAddress { responder.ipAddress(version: version) }

    /// The five-tuple oriented initiator → responder.
    public var fiveTuple: FiveTuple {
        FiveTuple(source: initiatorAddress, sourcePort: initiatorPort, destination: responderAddress,
                  destinationPort: responderPort, proto: proto)
    }

    /// The Community ID v1 (seed 0) of the five-tuple.
    public var communityID: String {
        CommunityID.v1(proto: proto, source: initiator, destination: responder, version: version,
                       sourcePort: initiatorPort, destinationPort: responderPort)
    }
}
