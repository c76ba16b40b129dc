/// InfiniBand BTH opcodes that matter for counting RoCEv2 traffic (IBA vol. 1, table 38).
/// The top three bits select the transport (0 RC, 1 UC, 2 RD, 3 UD, 4 CNP, 5 XRC); the low five
/// the operation.
public enum RoCEOpcode {
    /// Congestion Notification Packet (RoCEv2 Annex A17).
    public static let cnp: UInt8 = 0x81

    /// Operation codes (low five bits) of acknowledge packets, which carry an AETH.
    static let acknowledge: UInt8 = 0x11
    static let atomicAcknowledge: UInt8 = 0x12
    /// RDMA read response first/middle/last/only.
    static let readResponses: ClosedRange<UInt8> = 0x0D...0x10

    /// Whether the transport bits name a connected service that acknowledges (RC or XRC).
    @inlinable static func isAcknowledgedTransport(_ opcode: UInt8) -> Bool {
        let transport = opcode >> 5
        return transport == 0 || transport == 5
    }

    /// Acknowledge and atomic acknowledge (RC or XRC).
    public static func isAcknowledge(_ opcode: UInt8) -> Bool {
        let op = opcode & 0x1F
        return isAcknowledgedTransport(opcode) && (op == acknowledge || op == atomicAcknowledge)
    }

    /// Packets followed by an AETH: acknowledges and read responses first, last and only.
    public static func carriesAETH(_ opcode: UInt8) -> Bool {
        let op = opcode & 0x1F
        return isAcknowledge(opcode) || isAcknowledgedTransport(opcode) && (op == 0x0D || op == 0x0F || op == 0x10)
    }

    /// Packets a responder sends: acknowledges and read responses.
    public static func isResponse(_ opcode: UInt8) -> Bool {
        let op = opcode & 0x1F
        return isAcknowledgedTransport(opcode)
            && (op == acknowledge || op == atomicAcknowledge || readResponses.contains(op))
    }
}
