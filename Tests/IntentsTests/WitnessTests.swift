import Documents
import Fabric
import FabricACL
import Findings
import InterlockCore
import Policy
import Testing

@testable import Intents

/// Witnesses: the pair, port and line that let forbidden traffic through or stop required traffic.
@Suite struct WitnessTests {
    static let header = "apiVersion: interlock.dev/v1\nkind: SegmentationIntents\nmetadata: {name: t}\nspec:\n"

    /// Findings name the ICMP types a Calico or Cilium rule lets through beside the ports; sets that do
    /// not track ICMP read as before.
    @Test func trafficTextNamesICMPTypes() {
        let ping = ConnectionSet(tcp: PortSet(port: 22), icmp: ICMPTypeSet(type: 8), icmpv6: .all)
        #expect(TrafficSpec.describe(ping) == "TCP 22 and ICMP 8 and ICMPv6 (any type)")
        #expect(TrafficSpec.describe(ConnectionSet(udp: PortSet(port: 4791))) == "UDP 4791")
        #expect(TrafficSpec.describe(.all) == "all traffic")
        #expect(TrafficSpec.describe(ConnectionSet.all.tracking(icmp: .empty, icmpv6: .all)) != "all traffic")
    }

    @Test func aPolicyRuleThatLetsTrafficThroughIsNamedWithItsLine() throws {
        // tenant-b admits tenant-a on 8080: the tenant-isolation finding points at that ingress rule.
        let policies =
            Mini.isolatingPolicies + """

                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: from-a, namespace: tenant-b}
                spec:
                  podSelector: {}
                  ingress:
                  - from: [{namespaceSelector: {matchLabels: {tenant: a}}}]
                    ports: [{port: 8080}]
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: to-b, namespace: tenant-a}
                spec:
                  podSelector: {}
                  policyTypes: [Egress]
                  egress:
                  - to: [{namespaceSelector: {matchLabels: {tenant: b}}}]
                """
        let findings = try Mini.checker(policies: policies, segmentation: Mini.segmentation).staticFindings()
        let f = try #require(findings.first { $0.ruleID == "ai-infra-baseline/tenant-isolation" })
        #expect(findings.count == 1)
        #expect(
            f.network == "pod" && f.source?.name == "tenant-a/app-a[Pod]"
                && f.destination?.name == "tenant-b/app-b[Pod]")
        #expect(f.destination?.port == 8080 && f.proto == "TCP")
        // The ingress rule of from-a (the cluster text, the isolating policies, then this one).
        #expect(f.location == SourceLocation(file: "cluster.yaml", line: 81, column: 5))
        #expect(
            f.reasons.contains {
                $0.side == .ingress && $0.text.contains("NetworkPolicy tenant-b/from-a ingress rule 0 allows")
            })
        #expect(
            f.reasons.contains {
                $0.side == .egress && $0.text.contains("NetworkPolicy tenant-a/to-b egress rule 0 allows")
            })
        #expect(f.title.hasSuffix("on TCP 8080"))
    }

    @Test func missingEnforcementIsSaidWhenNoPolicyDecides() throws {
        let f = try #require(
            try Mini.checker(segmentation: Mini.segmentation).staticFindings()
                .first { $0.ruleID == "ai-infra-baseline/tenant-isolation" && $0.network == "pod" })
        #expect(f.location == SourceLocation(file: "intents.yaml", line: 5, column: 11))  // the pack's use
        #expect(f.reasons.contains { $0.text.hasPrefix("missing enforcement point: no policy isolates") })
    }

    @Test func fabricWitnessesNameTheACLRuleOrPartition() throws {
        let intents =
            Self.header + """
                  zones:
                  - {name: dgx, nodes: "dgx[0001-0004]", plane: storage}
                  - {name: servers, builtin: storage-servers}
                  - {name: a-nodes, nodes: dgx0001, plane: compute}
                  - {name: b-nodes, nodes: dgx0003, plane: compute}
                  rules:
                  - {id: nfs-reaches, require: {from: dgx, to: servers, traffic: [TCP/2049, TCP/22]}}
                  - {id: no-nfs, deny: {from: dgx, to: servers, traffic: TCP/2049}, severity: low}
                  - {id: split, deny: {from: a-nodes, to: b-nodes}}
                """
        let findings = try Mini.checker(
            policies: Mini.isolatingPolicies, intents: intents, segmentation: Mini.segmentation
        ).staticFindings()
        let missing = try #require(findings.first { $0.ruleID == "nfs-reaches" })
        #expect(missing.title.contains("cannot reach") && missing.title.hasSuffix("on TCP 22"))
        // Denied by the storage ACL's implicit deny: the ACL is cited.
        #expect(missing.reasons.contains { $0.text == "FabricACL storage default action deny denies TCP/22" })
        #expect(missing.location?.line == 37)  // the storage ACL
        let allowed = try #require(findings.first { $0.ruleID == "no-nfs" })
        #expect(allowed.reasons.contains { $0.text == "FabricACL storage rule 0 'nfs' permits TCP/2049" })
        #expect(allowed.location?.line == 43 && allowed.severity == .low)  // its rule 'nfs'
        // The tenant partitions keep dgx0001 and dgx0003 apart: no finding for `split`.
        #expect(!findings.contains { $0.ruleID == "split" })

        // With OpenSM's default (every port a full member of 0x7FFF), they meet there.
        let open = try Mini.checker(policies: Mini.isolatingPolicies, intents: intents).staticFindings()
        let split = try #require(open.first { $0.ruleID == "split" })
        #expect(split.network == "compute" && split.source?.name == "dgx0001-nic0")
        #expect(split.reasons.contains { $0.text.contains("default partition 0x7FFF") })
    }

    @Test func railOnlyFabricsHaveNoPathBetweenRails() throws {
        let topology = """
            name: ro
            generator: {kind: rail-only, preset: dgx-h100, scalableUnits: 1, nodesPerSU: 4, rails: 2, gpusPerNode: 2, transport: roce}
            """
        let intents = try Mini.intents(
            Self.header + """
                  zones:
                  - {name: r0, rails: 0}
                  - {name: r1, rails: 1}
                  rules:
                  - {id: cross-rail, require: {from: r0, to: r1, traffic: UDP/4791}}
                  - {id: same-rail, require: {from: r0, to: r0, traffic: UDP/4791}}
                """)
        let checker = try IntentChecker(
            CheckInputs(intents: intents, fabric: try TopologyFile.load(text: topology, file: "ro.yaml")))
        let findings = checker.staticFindings()
        #expect(findings.map(\.ruleID) == ["cross-rail"])
        #expect(findings[0].reasons.contains { $0.text.hasPrefix("no path joins dgx0001-nic0 and dgx0002-nic1") })
    }

    @Test func vrfsSeparateTenantsOnAnEthernetFabric() throws {
        let topology = """
            name: roce
            generator: {kind: rail-optimized, preset: dgx-h100, scalableUnits: 1, nodesPerSU: 4, rails: 2, gpusPerNode: 2, transport: roce}
            """
        let rules =
            Self.header + """
                  zones:
                  - {name: a, nodes: "dgx[0001-0002]", plane: compute}
                  - {name: b, nodes: "dgx[0003-0004]", plane: compute}
                  - {name: vlan200, vlans: 200}
                  rules:
                  - {id: split, deny: {between: [a, b]}}
                  - {id: a-ranks, require: {from: a, to: a, traffic: UDP/4791}}
                """
        let vrfs = """

            ---
            apiVersion: interlock.dev/v1
            kind: FabricSegmentation
            metadata: {name: vrfs}
            spec:
              vrfs:
              - {name: tenant-a, vlan: 100, members: [{nodes: "dgx[0001-0002]"}]}
              - {name: tenant-b, vlan: 200, members: [{nodes: "dgx[0003-0004]"}]}
            """
        let fabric = try TopologyFile.load(text: topology, file: "roce.yaml")
        let flat = try IntentChecker(CheckInputs(intents: try Mini.intents(rules), fabric: fabric)).staticFindings()
        let split = try #require(flat.first { $0.ruleID == "split" })
        #expect(
            flat.count == 1
                && split.reasons.contains { $0.text == "no VRF or VLAN separates them on the compute plane" })
        #expect(split.reasons.contains { $0.text.hasSuffix("(missing enforcement point)") })
        let checker = try IntentChecker(CheckInputs(intents: try Mini.intents(rules + vrfs), fabric: fabric))
        #expect(checker.staticFindings().isEmpty)
        #expect(checker.zoneSizes.first { $0.zone == "vlan200" }?.members == 4)  // dgx0003-0004, two rails each
    }

    @Test func aclPermittedSetsFollowFirstMatch() throws {
        let acl = try #require(
            try Mini.intents(
                """
                apiVersion: interlock.dev/v1
                kind: FabricACL
                metadata: {name: a}
                spec:
                  rules:
                  - {action: deny, protocol: TCP, destination: 10.0.0.0/24, destinationPorts: 22}
                  - {action: permit, protocol: TCP, destination: 10.0.0.0/16, destinationPorts: 1-1024}
                  - {action: deny, protocol: UDP, sourcePorts: 0-1023}
                  - {action: permit, protocol: UDP}
                """
            ).acls.first)
        let inside = acl.permitted(from: IPv4Address(10, 9, 0, 1), to: IPv4Address(10, 0, 0, 5))
        #expect(inside.tcp == PortSet([PortRange(1, 21), PortRange(23, 1024)]))
        // UDP from a privileged source port is denied, from any other permitted: some source port gets through.
        #expect(inside.udp.isAll && inside.sctp.isEmpty)
        let outside = acl.permitted(from: IPv4Address(10, 9, 0, 1), to: IPv4Address(10, 1, 0, 5))
        #expect(outside.tcp.isEmpty)
        #expect(
            acl.decision(from: IPv4Address(10, 9, 0, 1), to: IPv4Address(10, 0, 0, 5), proto: .tcp, port: 22) == (
                0, .deny
            ))
        #expect(
            acl.decision(from: IPv4Address(10, 9, 0, 1), to: IPv4Address(10, 0, 0, 5), proto: .udp, port: 53) == (
                3, .permit
            ))
    }
}
