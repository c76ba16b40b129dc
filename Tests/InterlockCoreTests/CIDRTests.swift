import InterlockCore
import Testing

@Suite struct CIDRTests {
    @Test func parseAndContain() throws {
        let c = try #require(IPv4CIDR("10.1.0.0/16"))
        #expect(c.first.description == "10.1.0.0")
        #expect(c.last.description == "10.1.255.255")
        #expect(c.size == 65536)
        #expect(c.contains(IPv4Address("10.1.200.3")!))
        #expect(!c.contains(IPv4Address("10.2.0.0")!))
        #expect(c.contains(IPv4CIDR("10.1.4.0/24")!))
        #expect(!IPv4CIDR("10.1.4.0/24")!.contains(c))
    }

    @Test func hostBitsClearedUnlessStrict() {
        #expect(IPv4CIDR("10.1.2.3/8")?.description == "10.0.0.0/8")
        #expect(IPv4CIDR("10.1.2.3/8", strict: true) == nil)
        #expect(IPv4CIDR("10.0.0.0/8", strict: true) != nil)
    }

    @Test func edgePrefixes() {
        #expect(IPv4CIDR("0.0.0.0/0")?.size == UInt64(1) << 32)
        #expect(IPv4CIDR("0.0.0.0/0")!.contains(IPv4Address("255.255.255.255")!))
        #expect(IPv4CIDR("1.2.3.4")?.prefixLength == 32)
        #expect(IPv4CIDR("1.2.3.4/33") == nil)
        #expect(IPv4CIDR("1.2.3.4/-1") == nil)
    }

    @Test func subnets() {
        let base = IPv4CIDR("10.0.0.0/16")!
        #expect(base.subnet(3, prefixLength: 24)?.description == "10.0.3.0/24")
        #expect(base.subnet(256, prefixLength: 24) == nil)
        #expect(base.address(at: 257)?.description == "10.0.1.1")
    }

    @Test func ipv6Prefixes() throws {
        let c = try #require(CIDR("fd00:1::/32"))
        #expect(c.contains(IPAddress("fd00:1:ffff::1")!))
        #expect(!c.contains(IPAddress("fd00:2::1")!))
        #expect(!c.contains(IPAddress("10.0.0.1")!))
        #expect(CIDR("fd00::1/64", strict: true) == nil)
        #expect(CIDR("fd00::/64", strict: true)?.description == "fd00::/64")
    }
}
