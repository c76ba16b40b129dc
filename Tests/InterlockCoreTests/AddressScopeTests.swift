import InterlockCore
import Testing

/// `AddressScope` against the IANA special-purpose registries, one row an address.
@Suite struct AddressScopeTests {
    enum Expected: Equatable { case isPublic, isPrivate, isSpecial }

    static let table: [(String, Expected)] = [
        // IPv4: private-use and shared space.
        ("10.1.2.3", .isPrivate), ("172.16.0.1", .isPrivate), ("172.31.255.255", .isPrivate), ("172.32.0.1", .isPublic),
        ("192.168.1.1", .isPrivate), ("100.64.0.1", .isPrivate), ("100.127.255.255", .isPrivate),
        ("100.128.0.1", .isPublic),
        // IPv4: special-purpose blocks and the globally reachable entries nested in them.
        ("0.0.0.0", .isSpecial), ("0.1.2.3", .isSpecial), ("127.0.0.1", .isSpecial), ("169.254.169.254", .isSpecial),
        ("192.0.0.1", .isSpecial), ("192.0.0.9", .isPublic), ("192.0.0.10", .isPublic), ("192.0.0.11", .isSpecial),
        ("192.0.2.7", .isSpecial), ("198.18.0.1", .isSpecial), ("198.19.255.255", .isSpecial),
        ("198.20.0.1", .isPublic),
        ("198.51.100.1", .isSpecial), ("203.0.113.200", .isSpecial), ("192.88.99.1", .isSpecial),
        ("224.0.0.251", .isSpecial), ("239.255.255.250", .isSpecial), ("240.0.0.1", .isSpecial),
        ("255.255.255.255", .isSpecial),
        // IPv4: public.
        ("8.8.8.8", .isPublic), ("1.1.1.1", .isPublic), ("192.31.196.1", .isPublic), ("223.255.255.255", .isPublic),
        // IPv6.
        ("::", .isSpecial), ("::1", .isSpecial), ("::ffff:10.0.0.1", .isSpecial), ("64:ff9b::808:808", .isPublic),
        ("64:ff9b:1::1", .isSpecial), ("100::1", .isSpecial), ("2001::1", .isSpecial), ("2001:1::1", .isPublic),
        ("2001:1::2", .isPublic), ("2001:1::4", .isSpecial), ("2001:3::1", .isPublic), ("2001:4:112::1", .isPublic),
        ("2001:20::1", .isPublic), ("2001:db8::1", .isSpecial), ("2002:c000:204::1", .isSpecial),
        ("3fff::1", .isSpecial), ("5f00::1", .isSpecial), ("fc00::1", .isPrivate), ("fd12:3456::1", .isPrivate),
        ("fe80::1", .isSpecial), ("fec0::1", .isSpecial), ("ff02::1", .isSpecial), ("4000::1", .isSpecial),
        ("2606:4700::1111", .isPublic), ("2a00:1450::1", .isPublic), ("3ffe::1", .isPublic),
    ]

    @Test(arguments: table) func classifies(_ text: String, _ expected: Expected) throws {
        let ip = try #require(IPAddress(text))
        let got: Expected
        switch AddressScope.of(ip) {
        case .publicInternet: got = .isPublic
        case .privateRange: got = .isPrivate
        case .special: got = .isSpecial
        }
        #expect(got == expected, "\(text)")
        #expect(AddressScope.isPublic(ip) == (expected == .isPublic))
    }

    @Test func privateRangesAreNamedAsReportsPrintThem() throws {
        #expect(AddressScope.of(try #require(IPAddress("10.9.8.7"))) == .privateRange("RFC 1918 10.0.0.0/8"))
        #expect(AddressScope.of(try #require(IPAddress("fd00::5"))) == .privateRange("IPv6 unique-local fc00::/7"))
    }
}
