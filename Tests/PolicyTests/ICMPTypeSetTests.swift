import InterlockCore
import Testing

@testable import Policy

/// ICMP message sets and connection sets that track them: the printed forms, and the set algebra checked
/// against a model (the set of message keys) on seeded random sets.
@Suite struct ICMPTypeSetTests {
    @Test func printsTypesRangesAndCodes() {
        #expect(ICMPTypeSet.all.description == "0-255")
        #expect(ICMPTypeSet.empty.description == "")
        #expect(ICMPTypeSet(type: 0).union(ICMPTypeSet(type: 8)).description == "0,8")
        #expect(ICMPTypeSet(type: 3, code: 1).description == "3/1")
        #expect(ICMPTypeSet.all.subtracting(ICMPTypeSet(type: 8)).description == "0-7,9-255")
        #expect(ICMPTypeSet.all.subtracting(ICMPTypeSet(type: 3, code: 4)).description == "0-2,3/0-3,3/5-255,4-255")
        // A range of keys from a code of one type into the next type.
        #expect(ICMPTypeSet([(3 << 8 | 200)...(5 << 8 | 9)]).description == "3/200-255,4,5/0-9")
        #expect(ICMPTypeSet(type: 5).union(ICMPTypeSet(type: 6)) == ICMPTypeSet([(5 << 8)...(6 << 8 | 255)]))
        #expect(ICMPTypeSet(type: 8).contains(type: 8, code: 7) && !ICMPTypeSet(type: 8).contains(type: 0, code: 0))
    }

    /// A random set: up to 4 ranges of keys, each a whole type, a type's code or a span across types.
    static func random(_ g: inout SeededGenerator) -> ICMPTypeSet {
        ICMPTypeSet(
            (0..<Int.random(in: 0...4, using: &g)).map { _ -> ClosedRange<UInt16> in
                let type = UInt16.random(in: 0...255, using: &g)
                switch Int.random(in: 0...2, using: &g) {
                case 0: return type << 8...(type << 8 | 255)
                case 1: return (type << 8 | 3)...(type << 8 | 3)
                default:
                    let lower = UInt16.random(in: 0...UInt16.max, using: &g)
                    return lower...UInt16.random(in: lower...UInt16.max, using: &g)
                }
            })
    }

    static func keys(_ s: ICMPTypeSet) -> Set<UInt16> { Set(s.ranges.flatMap { $0 }) }

    @Test func algebraAgreesWithTheModel() {
        var g = SeededGenerator(seed: 18)
        for _ in 0..<60 {
            let (a, b) = (Self.random(&g), Self.random(&g))
            let (ka, kb) = (Self.keys(a), Self.keys(b))
            #expect(Self.keys(a.union(b)) == ka.union(kb))
            #expect(Self.keys(a.intersection(b)) == ka.intersection(kb))
            #expect(Self.keys(a.subtracting(b)) == ka.subtracting(kb))
            // Canonical form: sorted, disjoint and not adjacent, so that equal sets are equal values.
            let r = a.union(b).ranges
            #expect(zip(r, r.dropFirst()).allSatisfy { Int($0.upperBound) + 1 < Int($1.lowerBound) })
            #expect(ICMPTypeSet(a.ranges.reversed() + b.ranges) == a.union(b))
            #expect(a.subtracting(b).union(a.intersection(b)) == a)
            #expect(
                ICMPTypeSet.all.subtracting(a.union(b))
                    == ICMPTypeSet.all.subtracting(a).intersection(.all.subtracting(b)))
        }
    }

    /// Connection sets that track ICMP: the algebra is protocol by protocol, equality sees messages a set
    /// that does not track ICMP implies (every one with every port, else none), and the text is
    /// netpol-analyzer's with `ICMP types` after the port lists.
    @Test func connectionSetsTrackingICMP() {
        var g = SeededGenerator(seed: 6)
        for _ in 0..<40 {
            let ports = [PortSet.empty, .all, PortSet(port: 80)]
            func set() -> ConnectionSet {
                ConnectionSet(
                    sctp: ports.randomElement(using: &g)!, tcp: ports.randomElement(using: &g)!,
                    udp: ports.randomElement(using: &g)!, icmp: Self.random(&g), icmpv6: Self.random(&g))
            }
            let (a, b) = (set(), set())
            #expect(a.union(b).icmp == a.icmp.union(b.icmp) && a.union(b).tcp == a.tcp.union(b.tcp))
            #expect(a.intersecting(b).icmpv6 == a.icmpv6.intersection(b.icmpv6))
            #expect(a.subtracting(b).icmp == a.icmp.subtracting(b.icmp))
            #expect(a.subtracting(b).union(a.intersecting(b)) == a)
            #expect(a.union(b) == b.union(a) && (a.union(b) == a) == b.subtracting(a).isEmpty)
        }
        let implied = ConnectionSet(sctp: .all, tcp: .all, udp: .all)
        #expect(!implied.tracksICMP && implied.icmp.isAll && implied == ConnectionSet.all)
        #expect(implied == ConnectionSet(sctp: .all, tcp: .all, udp: .all, icmp: .all, icmpv6: .all))
        #expect(Set([implied, .all]).count == 1)
        let web = ConnectionSet(tcp: PortSet(port: 80))
        #expect(web.icmp.isEmpty && web == web.tracking(icmp: .empty, icmpv6: .empty))
        #expect(web != web.tracking(icmp: ICMPTypeSet(type: 8), icmpv6: .empty))
        #expect(web.tracking(icmp: ICMPTypeSet(type: 8), icmpv6: .empty).union(web).tracksICMP)
        #expect(
            ConnectionSet.all.subtracting(web.tracking(icmp: .all, icmpv6: .empty)).description
                == "SCTP 1-65535,TCP 1-79,81-65535,UDP 1-65535,ICMPv6")
    }

    @Test func connectionTextListsICMPAfterThePorts() {
        let ping = ICMPTypeSet(type: 0).union(ICMPTypeSet(type: 8))
        #expect(ConnectionSet(icmp: ping).description == "ICMP 0,8")
        #expect(ConnectionSet(icmp: .all).description == "ICMP")
        #expect(ConnectionSet(icmpv6: ICMPTypeSet(type: 128)).description == "ICMPv6 128")
        #expect(
            ConnectionSet(tcp: PortSet(port: 443), udp: PortSet(port: 53), icmp: ping, icmpv6: .all).description
                == "TCP 443,UDP 53,ICMP 0,8,ICMPv6")
        #expect(ConnectionSet(icmp: .empty, icmpv6: .empty).description == "No Connections")
        #expect(ConnectionSet.all.tracking(icmp: .all, icmpv6: .all).description == "All Connections")
        #expect(ConnectionSet(icmp: ICMPTypeSet(type: 3, code: 1)).description == "ICMP 3/1")
    }
}
