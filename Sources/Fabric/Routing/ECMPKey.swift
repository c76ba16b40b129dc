import InterlockCore

/// What ECMP hashes: the five-tuple, and the RoCEv2 destination queue pair when the plane hashes it.
/// IPv6 addresses are folded to 32 bits (the hash only needs to be deterministic).
public struct ECMPKey: Hashable, Sendable {
    /// The source address (IPv4, or an IPv6 address folded to 32 bits).
    public var source: UInt32
    /// The destination address (IPv4, or folded IPv6).
    public var destination: UInt32
    /// The source port.
    public var sourcePort: UInt16
    /// The destination port.
    public var destinationPort: UInt16
    /// The IP protocol number.
    public var proto: UInt8
    /// The RoCEv2 destination queue pair (0 when not hashed or not RoCE).
    public var destinationQP: UInt32

    /// A key from its fields.
    public init(
        source: UInt32, destination: UInt32, sourcePort: UInt16, destinationPort: UInt16, proto: UInt8,
        destinationQP: UInt32 = 0
    ) {
        self.source = source
        self.destination = destination
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
        self.proto = proto
        self.destinationQP = destinationQP
    }

    /// The key of a five-tuple, IPv6 addresses folded to 32 bits.
    public init(_ t: FiveTuple, destinationQP: UInt32 = 0) {
        func fold(_ a: IPAddress) -> UInt32 {
            switch a {
            case .v4(let v): return v.value
            case .v6(let v):
                let x = v.high ^ v.low
                return UInt32(truncatingIfNeeded: x) ^ UInt32(truncatingIfNeeded: x >> 32)
            }
        }
        self.init(
            source: fold(t.source), destination: fold(t.destination), sourcePort: t.sourcePort,
            destinationPort: t.destinationPort, proto: t.proto.rawValue, destinationQP: destinationQP)
    }

    /// The flow's 64-bit hash; each switch mixes it with its own seed.
    @inlinable
    public func hash(includingQP: Bool) -> UInt64 {
        var h = HashMix.splitMix64(UInt64(source) << 32 | UInt64(destination))
        h = HashMix.splitMix64(h ^ (UInt64(sourcePort) << 32 | UInt64(destinationPort) << 16 | UInt64(proto)))
        if includingQP { h = HashMix.splitMix64(h ^ HashMix.fibonacci(UInt64(destinationQP))) }
        return h
    }

}
