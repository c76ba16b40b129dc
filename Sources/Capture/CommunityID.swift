import Foundation
import InterlockCore

/// Community ID flow hashing, version 1 (https://github.com/corelight/community-id-spec), so that
/// connection records join with Zeek, Suricata and tshark's `communityid` output.
public enum CommunityID {
    /// ICMP message types that come in request/response pairs, the spec's table (section "ICMP and
    /// ICMPv6", and `icmp.py` of its reference implementation pycommunityid): echo, router
    /// solicitation/advertisement, timestamp, information and address mask.
    static let icmpCounterpart: [UInt8: UInt8] = [
        8: 0, 0: 8, 13: 14, 14: 13, 15: 16, 16: 15, 10: 9, 9: 10,
        17: 18, 18: 17,
    ]
    /// The ICMPv6 pairs (`icmp6.py`): echo, MLD query/report, router and neighbor discovery, node
    /// information query/response (139/140, RFC 4620's "who are you") and home agent address
    /// discovery (144/145).
    static let icmpv6Counterpart: [UInt8: UInt8] = [
        128: 129, 129: 128, 133: 134, 134: 133, 135: 136,
        136: 135, 130: 131, 131: 130, 139: 140, 140: 139, 144: 145, 145: 144,
    ]

    /// The ports the spec substitutes for an ICMP type and code: `(type, counterpart type)` for
    /// request/response types, else `(type, code)` and the flow is one-way (never reordered).
    public static func icmpPortEquivalents(type: UInt8, code: UInt8, v6: Bool)
        -> (source: UInt16, destination: UInt16, oneWay: Bool)
    {
        if let counterpart = (v6 ? icmpv6Counterpart : icmpCounterpart)[type] {
            return (UInt16(type), UInt16(counterpart), false)
        }
        return (UInt16(type), UInt16(code), true)
    }

    /// `1:` and the base64 SHA-1 of seed, ordered addresses, protocol, a pad byte and (for TCP,
    /// UDP, SCTP, ICMP and ICMPv6) the ordered ports. For ICMP, `sourcePort` and `destinationPort`
    /// are the type and code.
    public static func v1(
        proto: IPProtocol, source: PacketAddress, destination: PacketAddress, version: UInt8,
        sourcePort: UInt16, destinationPort: UInt16, seed: UInt16 = 0
    ) -> String {
        var s = source
        var d = destination
        var sp = sourcePort
        var dp = destinationPort
        var oneWay = false
        let isICMP = proto == .icmp || proto == .icmpv6
        if isICMP {
            let e = icmpPortEquivalents(
                type: UInt8(truncatingIfNeeded: sp), code: UInt8(truncatingIfNeeded: dp),
                v6: proto == .icmpv6)
            (sp, dp, oneWay) = e
        }
        let hasPorts = proto.hasPorts || isICMP
        if !oneWay && !(s < d || (s == d && (!hasPorts || sp < dp))) {
            swap(&s, &d)
            swap(&sp, &dp)
        }
        var input: [UInt8] = [UInt8(seed >> 8), UInt8(truncatingIfNeeded: seed)]
        func append(_ a: PacketAddress) {
            if version == 6 {
                for shift in stride(from: 56, through: 0, by: -8) {
                    input.append(UInt8(truncatingIfNeeded: a.high >> UInt64(shift)))
                }
                for shift in stride(from: 56, through: 0, by: -8) {
                    input.append(UInt8(truncatingIfNeeded: a.low >> UInt64(shift)))
                }
            } else {
                for shift in stride(from: 24, through: 0, by: -8) {
                    input.append(UInt8(truncatingIfNeeded: a.low >> UInt64(shift)))
                }
            }
        }
        append(s)
        append(d)
        input += [proto.rawValue, 0]
        if hasPorts {
            input += [UInt8(sp >> 8), UInt8(truncatingIfNeeded: sp), UInt8(dp >> 8), UInt8(truncatingIfNeeded: dp)]
        }
        return "1:" + Data(SHA1.digest(input)).base64EncodedString()
    }
}
