import Capture
import InterlockCore
import Testing

/// The published baseline of the Community ID spec (corelight/community-id-spec,
/// baseline/baseline_deflt.json, seed 0): protocol, source, destination, ports (ICMP: type, code).
@Suite struct CommunityIDTests {
    static let vectors: [(UInt8, String, String, UInt16, UInt16, String)] = [
        (58, "fe80::200:86ff:fe05:80da", "fe80::260:97ff:fe07:69ea", 135, 136, "1:dGHyGvjMfljg6Bppwm3bg0LO8TY="),
        (58, "fe80::260:97ff:fe07:69ea", "fe80::200:86ff:fe05:80da", 136, 135, "1:dGHyGvjMfljg6Bppwm3bg0LO8TY="),
        (58, "fe80::260:97ff:fe07:69ea", "fe80::200:86ff:fe05:80da", 135, 136, "1:zavyT/cezQr1fmImYCwYnMXbgck="),
        (58, "3ffe:501:1800:2345::2", "3ffe:507:0:1:200:86ff:fe05:80da", 3, 0, "1:2ObVBgIn28oZvibYZhZMBgh7WdQ="),
        (
            58, "3ffe:501:410:0:2c0:dfff:fe47:33e", "3ffe:507:0:1:200:86ff:fe05:80da", 1, 4,
            "1:hLZd0XGWojozrvxqE0dWB1iM6R0="
        ),
        (58, "3ffe:507:0:1:200:86ff:fe05:80da", "3ffe:501:0:1001::2", 128, 129, "1:+TW+HtLHvV1xnGhV1lv7XoJrqQg="),
        (58, "3ffe:501:0:1001::2", "3ffe:507:0:1:200:86ff:fe05:80da", 129, 128, "1:+TW+HtLHvV1xnGhV1lv7XoJrqQg="),
        (58, "fe80::200:86ff:fe05:80da", "ff02::2", 133, 134, "1:hO+sN4H+MG5MY/8hIrXPqc4ZQz0="),
        (58, "fe80::260:97ff:fe07:69ea", "ff02::1", 134, 133, "1:pkvHqCL88/tg1k4cPigmZXUtL00="),
        (1, "192.168.0.89", "192.168.0.1", 8, 0, "1:X0snYXpgwiv9TZtqg64sgzUn6Dk="),
        (1, "192.168.0.1", "192.168.0.89", 0, 8, "1:X0snYXpgwiv9TZtqg64sgzUn6Dk="),
        (1, "10.0.0.1", "10.0.0.2", 11, 0, "1:YHxtAirCG//0OzkcVAukqKQN9xM="),
        (
            6, "2001:470:e5bf:dead:4957:2174:e82c:4887", "2607:f8b0:400c:c03::1a", 63943, 25,
            "1:/qFaeAR+gFe1KYjMzVDsMv+wgU4="
        ),
        (
            6, "2607:f8b0:400c:c03::1a", "2001:470:e5bf:dead:4957:2174:e82c:4887", 25, 63943,
            "1:/qFaeAR+gFe1KYjMzVDsMv+wgU4="
        ),
        (132, "192.168.170.8", "192.168.170.56", 7, 7, "1:MP2EtRCAUIZvTw6MxJHLV7N7JDs="),
        (132, "192.168.170.56", "192.168.170.8", 7, 7, "1:MP2EtRCAUIZvTw6MxJHLV7N7JDs="),
        (6, "128.232.110.120", "66.35.250.204", 34855, 80, "1:LQU9qZlK+B5F3KDmev6m5PMibrg="),
        (6, "66.35.250.204", "128.232.110.120", 80, 34855, "1:LQU9qZlK+B5F3KDmev6m5PMibrg="),
        (17, "192.168.1.52", "8.8.8.8", 54585, 53, "1:d/FP5EW3wiY1vCndhwleRRKHowQ="),
        (17, "8.8.8.8", "192.168.1.52", 53, 54585, "1:d/FP5EW3wiY1vCndhwleRRKHowQ="),
        (46, "10.1.12.1", "10.1.12.2", 0, 0, "1:KHlLkgoJW7ifUTyTSgyVfkFHzKw="),
        (46, "10.1.12.2", "10.1.12.1", 0, 0, "1:KHlLkgoJW7ifUTyTSgyVfkFHzKw="),
    ]

    @Test(arguments: 0..<vectors.count)
    func baseline(_ i: Int) {
        let (proto, s, d, sp, dp, expected) = CommunityIDTests.vectors[i]
        let src = IPAddress(s)!
        let dst = IPAddress(d)!
        let id = CommunityID.v1(
            proto: IPProtocol(rawValue: proto), source: PacketAddress(src),
            destination: PacketAddress(dst), version: UInt8(src.version),
            sourcePort: sp, destinationPort: dp)
        #expect(id == expected)
    }
}

/// The spec's ICMP port-equivalent table, type by type: the request/response pairs of
/// pycommunityid's `icmp.py` and `icmp6.py`, and every other type one-way with its code.
@Suite struct CommunityIDICMPTableTests {
    static let v4Pairs: [UInt8: UInt8] = [0: 8, 8: 0, 9: 10, 10: 9, 13: 14, 14: 13, 15: 16, 16: 15, 17: 18, 18: 17]
    static let v6Pairs: [UInt8: UInt8] = [
        128: 129, 129: 128, 130: 131, 131: 130, 133: 134, 134: 133, 135: 136, 136: 135, 139: 140, 140: 139,
        144: 145, 145: 144,
    ]

    @Test(arguments: [false, true])
    func everyType(_ v6: Bool) {
        let pairs = v6 ? CommunityIDICMPTableTests.v6Pairs : CommunityIDICMPTableTests.v4Pairs
        for type in UInt8.min...UInt8.max {
            let e = CommunityID.icmpPortEquivalents(type: type, code: 3, v6: v6)
            if let counterpart = pairs[type] {
                #expect(e.source == UInt16(type) && e.destination == UInt16(counterpart) && !e.oneWay, "\(type)")
            } else {
                #expect(e.source == UInt16(type) && e.destination == 3 && e.oneWay, "\(type)")
            }
        }
    }

    /// A node information query and its response (RFC 4620, ICMPv6 139/140) have one ID, in
    /// either direction, and it is not the one of a one-way message.
    @Test func nodeInformationQueryAndResponseShareAnID() {
        let a = PacketAddress(IPAddress("fe80::1")!)
        let b = PacketAddress(IPAddress("fe80::2")!)
        let query = CommunityID.v1(
            proto: .icmpv6, source: a, destination: b, version: 6, sourcePort: 139, destinationPort: 0)
        let response = CommunityID.v1(
            proto: .icmpv6, source: b, destination: a, version: 6, sourcePort: 140, destinationPort: 1)
        let oneWay = CommunityID.v1(
            proto: .icmpv6, source: a, destination: b, version: 6, sourcePort: 141, destinationPort: 0)
        #expect(query == response && query != oneWay)
    }
}
