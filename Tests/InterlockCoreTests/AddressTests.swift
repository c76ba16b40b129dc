import InterlockCore
import Testing

@Suite struct AddressTests {
    @Test func ipv4RoundTrip() throws {
        for text in ["0.0.0.0", "10.1.2.3", "255.255.255.255", "192.168.100.1"] {
            let a = try #require(IPv4Address(text))
            #expect(a.description == text)
        }
        #expect(IPv4Address("10.0.0.1")?.value == 0x0A00_0001)
    }

    @Test(arguments: ["", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1..2.3", "a.b.c.d", "1.2.3.4 "])
    func ipv4Rejects(_ text: String) {
        #expect(IPv4Address(text) == nil)
    }

    @Test func ipv6CanonicalText() throws {
        // RFC 5952 section 4 examples.
        let cases: [(String, String)] = [
            ("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
            ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
            ("2001:db8::0:1", "2001:db8::1"),
            ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
            ("::", "::"),
            ("::1", "::1"),
            ("fe80::", "fe80::"),
            ("::ffff:10.0.0.1", "::ffff:a00:1"),
        ]
        for (input, canonical) in cases {
            let a = try #require(IPv6Address(input), "\(input)")
            #expect(a.description == canonical)
            #expect(IPv6Address(canonical) == a)
        }
    }

    @Test(arguments: ["1:2:3:4:5:6:7", "1::2::3", "12345::", ":::", "1:2:3:4:5:6:7:8:9", "g::1"])
    func ipv6Rejects(_ text: String) {
        #expect(IPv6Address(text) == nil)
    }

    @Test func ipAddressOrderingPutsV4First() {
        let v4 = IPAddress("255.255.255.255")!
        let v6 = IPAddress("::")!
        #expect(v4 < v6)
        #expect(v4.version == 4 && v6.version == 6)
    }
}
