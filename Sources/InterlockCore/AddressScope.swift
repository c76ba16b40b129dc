/// Where an address lies in the global address space: on the public internet, in a private range
/// (someone on an operator's own networks), or in a block that is not a globally reachable host
/// address (loopback, link-local, multicast, documentation, reserved, ...).
///
/// The blocks are the IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890 and the RFCs
/// that added entries since), the IPv4 and IPv6 multicast ranges, and, for IPv6, the space outside
/// 2000::/3 that the IANA IPv6 Address Space registry keeps "Reserved by IETF". An address takes the
/// scope of the most specific block that holds it, so the globally reachable entries nested in
/// larger blocks (192.0.0.9/32 inside 192.0.0.0/24, 64:ff9b::/96 inside ::/3) are public.
public enum AddressScope: Hashable, Sendable {
    /// A globally reachable unicast address.
    case publicInternet
    /// A private-use block: RFC 1918, RFC 6598 shared address space, IPv6 unique-local (RFC 4193).
    /// The payload names the block as reports print it.
    case privateRange(String)
    /// A block that is neither public nor private-use (its registry name), e.g. loopback,
    /// link-local (the cloud metadata service 169.254.169.254 lives here), multicast, documentation.
    case special(String)

    /// The scope of `address`: the most specific registry block holding it, else public.
    public static func of(_ address: IPAddress) -> AddressScope {
        var best: Block? = nil
        for block in blocks where block.cidr.contains(address) {
            if best == nil || block.cidr.prefixLength > best!.cidr.prefixLength { best = block }
        }
        return best?.scope ?? .publicInternet
    }

    /// Whether `address` is globally reachable unicast.
    public static func isPublic(_ address: IPAddress) -> Bool { of(address) == .publicInternet }

    /// Every block of the registries of one family (`v6` false: IPv4), as cut points: a range cut at
    /// all of them has one scope throughout.
    public static func cutPoints(v6: Bool) -> [CIDR] {
        blocks.compactMap { block in
            switch block.cidr {
            case .v4: return v6 ? nil : block.cidr
            case .v6: return v6 ? block.cidr : nil
            }
        }
    }

    /// One registry entry.
    struct Block {
        var cidr: CIDR
        var scope: AddressScope
    }

    private static func block(_ text: String, _ scope: AddressScope) -> Block {
        guard let cidr = CIDR(text) else { preconditionFailure("registry entry \(text) is not a CIDR") }
        return Block(cidr: cidr, scope: scope)
    }

    /// The table, in registry order. Entries marked public are the globally reachable ones nested in
    /// a block that is not.
    static let blocks: [Block] = [
        // IANA IPv4 Special-Purpose Address Registry.
        block("0.0.0.0/8", .special("this network")),
        block("10.0.0.0/8", .privateRange("RFC 1918 10.0.0.0/8")),
        block("100.64.0.0/10", .privateRange("RFC 6598 shared address space 100.64.0.0/10")),
        block("127.0.0.0/8", .special("loopback")),
        block("169.254.0.0/16", .special("link-local")),
        block("172.16.0.0/12", .privateRange("RFC 1918 172.16.0.0/12")),
        block("192.0.0.0/24", .special("IETF protocol assignments")),
        block("192.0.0.9/32", .publicInternet),  // Port Control Protocol anycast
        block("192.0.0.10/32", .publicInternet),  // TURN anycast
        block("192.0.2.0/24", .special("documentation (TEST-NET-1)")),
        block("192.88.99.0/24", .special("deprecated 6to4 relay anycast")),
        block("192.168.0.0/16", .privateRange("RFC 1918 192.168.0.0/16")),
        block("198.18.0.0/15", .special("benchmarking")),
        block("198.51.100.0/24", .special("documentation (TEST-NET-2)")),
        block("203.0.113.0/24", .special("documentation (TEST-NET-3)")),
        block("224.0.0.0/4", .special("multicast")),
        block("240.0.0.0/4", .special("reserved")),
        block("255.255.255.255/32", .special("limited broadcast")),
        // IANA IPv6 Address Space: outside 2000::/3, everything but the blocks below is reserved.
        block("::/3", .special("reserved by IETF")),
        block("4000::/2", .special("reserved by IETF")),
        block("8000::/1", .special("reserved by IETF")),
        // IANA IPv6 Special-Purpose Address Registry.
        block("::/128", .special("unspecified")),
        block("::1/128", .special("loopback")),
        block("::ffff:0:0/96", .special("IPv4-mapped")),
        block("64:ff9b::/96", .publicInternet),  // IPv4-IPv6 translation (RFC 6052)
        block("64:ff9b:1::/48", .special("IPv4-IPv6 local-use translation")),
        block("100::/64", .special("discard-only")),
        block("2001::/23", .special("IETF protocol assignments")),
        block("2001:1::1/128", .publicInternet),  // Port Control Protocol anycast
        block("2001:1::2/128", .publicInternet),  // TURN anycast
        block("2001:3::/32", .publicInternet),  // AMT
        block("2001:4:112::/48", .publicInternet),  // AS112-v6
        block("2001:20::/28", .publicInternet),  // ORCHIDv2
        block("2001:db8::/32", .special("documentation")),
        block("2002::/16", .special("6to4")),
        block("3fff::/20", .special("documentation")),
        block("5f00::/16", .special("segment routing SIDs")),
        block("fc00::/7", .privateRange("IPv6 unique-local fc00::/7")),
        block("fe80::/10", .special("link-local")),
        block("ff00::/8", .special("multicast")),
    ]
}
