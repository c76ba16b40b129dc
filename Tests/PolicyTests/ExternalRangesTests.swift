import InterlockCore
import Manifests
import TestSupport
import Testing

@testable import Policy

/// The external ranges of a connlist: two partitions, of effective ipBlock ranges.
@Suite struct ExternalRangesTests {
    static func block(_ cidr: String, except: [String] = []) -> IPBlock {
        IPBlock(cidr: CIDR(cidr)!, except: except.map { CIDR($0)! })
    }

    /// cidr minus excepts as maximal ranges: adjacent excepts leave one hole, an except at an end trims
    /// it, an except covering the block leaves nothing, an except outside it changes nothing.
    @Test func effectiveRangesAreMaximal() {
        func ranges(_ b: IPBlock) -> [String] { ExternalSpace.effectiveRanges(of: b).map(\.description) }
        #expect(
            ranges(Self.block("10.0.0.0/8", except: ["10.2.0.0/16", "10.1.0.0/16"]))
                == ["10.0.0.0-10.0.255.255", "10.3.0.0-10.255.255.255"])
        #expect(ranges(Self.block("10.0.0.0/8", except: ["10.0.0.0/9"])) == ["10.128.0.0-10.255.255.255"])
        #expect(
            ranges(Self.block("10.0.0.0/8", except: ["10.128.0.0/9", "10.200.0.0/16"])) == ["10.0.0.0-10.127.255.255"])
        #expect(ranges(Self.block("10.0.0.0/8", except: ["0.0.0.0/0"])).isEmpty)
        #expect(
            ranges(Self.block("10.0.0.0/8", except: ["192.168.0.0/16", "fd00::/8"])) == ["10.0.0.0-10.255.255.255"])
        #expect(ranges(Self.block("0.0.0.0/0", except: ["255.255.255.255/32"])) == ["0.0.0.0-255.255.255.254"])
        #expect(
            ranges(Self.block("fd00::/8", except: ["fd00::/9"])) == ["fd80::-fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"])
    }

    /// Sources are cut by ingress blocks only, destinations by egress blocks and admin `networks`; the
    /// adjacent excepts 10.1/16 and 10.2/16 add no cut at 10.2.0.0.
    @Test func twoPartitions() throws {
        let input = try XYZ.input(
            XYZ.policy(
                "p",
                """
                  podSelector: {}
                  ingress: [{from: [{ipBlock: {cidr: 192.168.0.0/16}}]}]
                  egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16, 10.2.0.0/16]}}]}]
                """)
                + TemplateManifests.adminEgress("nets", action: "Deny", peer: "{networks: [172.16.0.0/12]}"))
        let (sources, destinations) = ExternalSpace.connlistRanges([input.policies], on: .pod)
        #expect(
            sources.map(\.description) == [
                "0.0.0.0-192.167.255.255", "192.168.0.0-192.168.255.255", "192.169.0.0-255.255.255.255",
            ])
        #expect(
            destinations.map(\.description) == [
                "0.0.0.0-9.255.255.255", "10.0.0.0-10.0.255.255", "10.1.0.0-10.2.255.255", "10.3.0.0-10.255.255.255",
                "11.0.0.0-172.15.255.255", "172.16.0.0-172.31.255.255", "172.32.0.0-255.255.255.255",
            ])
        // Without IPv6, an IPv6 block cuts nothing.
        let v6 = try XYZ.input(
            XYZ.policy("p", "  podSelector: {}\n  egress: [{to: [{ipBlock: {cidr: \"fd00::/8\"}}]}]"))
        #expect(ExternalSpace.connlistRanges([v6.policies], on: .pod).destinations.count == 4)
        #expect(ExternalSpace.connlistRanges([v6.policies], on: .pod, ipv6: false).destinations.count == 1)
    }

    /// Rows are exact: every address of a listed range gets the verdict of its first address.
    @Test func rowsHoldForEveryAddressOfTheirRange() throws {
        let input = try XYZ.input(
            XYZ.policy(
                "p",
                """
                  podSelector: {}
                  ingress: [{from: [{ipBlock: {cidr: 192.168.0.0/16, except: [192.168.1.0/24, 192.168.2.0/24]}}]}]
                  egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16, 10.2.0.0/16]}}], ports: [{port: 443}]}]
                """))
        let ev = ReferenceEvaluator(inventory: input.inventory, policies: input.policies)
        let pod = XYZ.endpoint(ev, "x/a")
        let (sources, destinations) = ExternalSpace.connlistRanges([input.policies], on: .pod)
        for (ranges, outbound) in [(sources, false), (destinations, true)] {
            for r in ranges where r.first.version == 4 {
                var probes = [r.first, r.last]
                if case .v4(let a) = r.first, case .v4(let b) = r.last {
                    probes.append(.v4(IPv4Address(a.value / 2 + b.value / 2)))
                }
                let verdicts = Set(
                    probes.map { ip in
                        outbound
                            ? ev.connections(on: .pod, from: pod, to: .external(ip))
                            : ev.connections(on: .pod, from: .external(ip), to: pod)
                    })
                #expect(verdicts.count == 1, "\(r)")
            }
        }
    }
}
