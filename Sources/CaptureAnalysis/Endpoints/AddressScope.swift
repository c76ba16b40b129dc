import InterlockCore

/// Where an address nobody owns lies: on the internet, in a private range (so someone the
/// inventory does not know is on the cluster's networks), or not a host address at all.
enum AddressScope: Equatable {
    /// A public unicast address: an external endpoint, not a finding by itself.
    case publicInternet
    /// A private range (RFC 1918, RFC 6598 shared space, IPv6 unique-local), named.
    case privateRange(String)
    /// Link-local, loopback, multicast, broadcast, unspecified or reserved: never a host of the
    /// cluster's plan (the cloud metadata service 169.254.169.254 lives here).
    case special

    private static let privateV4: [(IPv4CIDR, String)] = [
        (IPv4CIDR("10.0.0.0/8")!, "RFC 1918 10.0.0.0/8"),
        (IPv4CIDR("172.16.0.0/12")!, "RFC 1918 172.16.0.0/12"),
        (IPv4CIDR("192.168.0.0/16")!, "RFC 1918 192.168.0.0/16"),
        (IPv4CIDR("100.64.0.0/10")!, "RFC 6598 shared address space 100.64.0.0/10"),
    ]
    private static let specialV4: [IPv4CIDR] = [
        IPv4CIDR("0.0.0.0/8")!, IPv4CIDR("127.0.0.0/8")!, IPv4CIDR("169.254.0.0/16")!, IPv4CIDR("224.0.0.0/4")!,
        IPv4CIDR("240.0.0.0/4")!,
    ]
    private static let uniqueLocal = IPv6CIDR("fc00::/7")!
    private static let specialV6: [IPv6CIDR] = [IPv6CIDR("fe80::/10")!, IPv6CIDR("ff00::/8")!, IPv6CIDR("::/127")!]

    static func of(_ ip: IPAddress) -> AddressScope {
        switch ip {
        case .v4(let a):
            if specialV4.contains(where: { $0.contains(a) }) { return .special }
            if let range = privateV4.first(where: { $0.0.contains(a) }) { return .privateRange(range.1) }
        case .v6(let a):
            if specialV6.contains(where: { $0.contains(a) }) { return .special }
            if uniqueLocal.contains(a) { return .privateRange("IPv6 unique-local fc00::/7") }
        }
        return .publicInternet
    }
}
