/// The five fields that identify a transport flow. Ports are zero for protocols without ports.
public struct FiveTuple: Hashable, Sendable {
    /// The address of the side that sent the packet (or opened the connection).
    public var source: IPAddress
    /// The address of the receiving side.
    public var destination: IPAddress
    /// The source's transport port; zero for protocols without ports.
    public var sourcePort: UInt16
    /// The destination's transport port; zero for protocols without ports.
    public var destinationPort: UInt16
    /// The IP protocol carried.
    public var proto: IPProtocol

    /// Creates a five-tuple from its fields as given (nothing is normalised or reordered).
    public init(
        source: IPAddress, sourcePort: UInt16, destination: IPAddress, destinationPort: UInt16,
        proto: IPProtocol
    ) {
        self.source = source
        self.destination = destination
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
        self.proto = proto
    }

    /// The same flow seen from the other side.
    public var reversed: FiveTuple {
        FiveTuple(
            source: destination, sourcePort: destinationPort, destination: source,
            destinationPort: sourcePort, proto: proto)
    }

    /// Parses `SRCIP:SPORT-DSTIP:DPORT/PROTO` (IPv6 addresses in brackets: `[fd00::1]:4791`).
    public init?(_ text: some StringProtocol) {
        let text = Substring(text)
        let slash = text.split(separator: "/", omittingEmptySubsequences: false)
        guard slash.count == 2, let proto = IPProtocol(name: slash[1]) else { return nil }
        func endpoint(_ s: Substring) -> (IPAddress, UInt16)? {
            guard let colon = s.lastIndex(of: ":") else { return nil }
            var host = s[..<colon]
            if host.hasPrefix("[") && host.hasSuffix("]") { host = host.dropFirst().dropLast() }
            guard let a = IPAddress(host), let p = UInt16(s[s.index(after: colon)...]) else { return nil }
            return (a, p)
        }
        // The separator is the first '-' that follows a port, i.e. after the first endpoint's colon.
        let body = slash[0]
        var split: Substring.Index?
        var index = body.startIndex
        while index < body.endIndex {
            if body[index] == "-", endpoint(body[..<index]) != nil {
                split = index
                break
            }
            index = body.index(after: index)
        }
        guard let split, let (s, sp) = endpoint(body[..<split]),
            let (d, dp) = endpoint(body[body.index(after: split)...])
        else { return nil }
        self.init(source: s, sourcePort: sp, destination: d, destinationPort: dp, proto: proto)
    }
}

extension FiveTuple: CustomStringConvertible {
    /// `SRC:PORT-DST:PORT/PROTO`, IPv6 addresses in brackets.
    public var description: String {
        func ep(_ a: IPAddress, _ p: UInt16) -> String {
            if case .v6 = a { return "[\(a)]:\(p)" }
            return "\(a):\(p)"
        }
        return "\(ep(source, sourcePort))-\(ep(destination, destinationPort))/\(proto)"
    }
}
