import InterlockCore

/// The ICMP and ICMPv6 type names an `icmps` field may give instead of a number, per family (Cilium's
/// `ICMPField.type` API reference: "an 8bit code (0-255), or its CamelCase name (for example, "EchoReply")").
enum CiliumICMPTypes {
    /// ICMP (IPv4) type names.
    static let ipv4: [String: UInt8] = [
        "EchoReply": 0, "DestinationUnreachable": 3, "Redirect": 5, "Echo": 8, "EchoRequest": 8,
        "RouterAdvertisement": 9, "RouterSelection": 10, "TimeExceeded": 11, "ParameterProblem": 12,
        "Timestamp": 13, "TimestampReply": 14, "Photuris": 40, "ExtendedEchoRequest": 42,
        "ExtendedEchoReply": 43,
    ]

    /// ICMPv6 type names.
    static let ipv6: [String: UInt8] = [
        "DestinationUnreachable": 1, "PacketTooBig": 2, "TimeExceeded": 3, "ParameterProblem": 4,
        "EchoRequest": 128, "EchoReply": 129, "MulticastListenerQuery": 130, "MulticastListenerReport": 131,
        "MulticastListenerDone": 132, "RouterSolicitation": 133, "RouterAdvertisement": 134,
        "NeighborSolicitation": 135, "NeighborAdvertisement": 136, "RedirectMessage": 137,
        "RouterRenumbering": 138, "ICMPNodeInformationQuery": 139, "ICMPNodeInformationResponse": 140,
        "InverseNeighborDiscoverySolicitation": 141, "InverseNeighborDiscoveryAdvertisement": 142,
        "HomeAgentAddressDiscoveryRequest": 144, "HomeAgentAddressDiscoveryReply": 145,
        "MobilePrefixSolicitation": 146, "MobilePrefixAdvertisement": 147,
        "DuplicateAddressRequestCodeSuffix": 157, "DuplicateAddressConfirmationCodeSuffix": 158,
        "ExtendedEchoRequest": 160, "ExtendedEchoReply": 161,
    ]

    /// The type `text` (a number 0-255 or a name of the family of `proto`) stands for; `nil` when neither.
    static func type(_ text: String, proto: IPProtocol) -> UInt8? {
        if let n = UInt8(text) { return n }
        return (proto == .icmpv6 ? ipv6 : ipv4)[text]
    }
}
