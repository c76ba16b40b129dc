import InterlockCore
import Manifests
import Policy
import Testing

@testable import Intents

/// The intents format: what it reads, and the file:line:column of every mistake.
@Suite struct ReaderTests {
    static let header = """
        apiVersion: interlock.dev/v1
        kind: SegmentationIntents
        metadata: {name: t}
        spec:

        """

    func read(_ body: String) throws -> IntentSet { try Mini.intents(Self.header + body) }

    func error(_ body: String) -> String {
        do {
            _ = try read(body)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func readsZonesRulesAndTraffic() throws {
        let set = try read(
            """
              zones:
              - {name: rail0, plane: compute, rails: [0], su: 1}
              - name: trainers
                select:
                - {namespace: training, podLabels: {app: trainer}}
                - {nodes: "dgx[0001-0004]", plane: compute}
              - {name: web, cidr: [0.0.0.0/0], except: [10.0.0.0/8]}
              - {name: part, partition: llm}
              - {name: cp, builtin: control-plane}
              rules:
              - id: r1
                deny: {from: trainers, to: web, traffic: [TCP/22, UDP, {protocol: SCTP, port: 5000, endPort: 5010}]}
              - id: r2
                allowOnly: {to: rail0, from: [trainers, cp], ports: [UDP/4791]}
                severity: medium
                on: [compute, pod]
              - id: r3
                require: {from: trainers, to: trainers, traffic: UDP/4791}
                severity: low
                references: [NCCL]
            """)
        #expect(set.zones.map(\.name) == ["rail0", "trainers", "web", "part", "cp"])
        #expect(set.zones[1].selectors.count == 2 && set.zones[1].selectors[1].nodes?.count == 4)
        #expect(set.zones[0].selectors[0].rails == [0] && set.zones[0].selectors[0].scalableUnits == [1])
        let r1 = set.rules[0]
        #expect(
            r1.kind == .deny && r1.severity == .high
                && r1.location == SourceLocation(file: "intents.yaml", line: 15, column: 5))
        #expect(
            r1.traffic.tcp == PortSet(port: 22) && r1.traffic.udp.isAll
                && r1.traffic.sctp == PortSet([PortRange(5000, 5010)]))
        #expect(
            set.rules[1].from == ["trainers", "cp"] && set.rules[1].ports?.udp == PortSet(port: 4791)
                && set.rules[1].traffic.isAll)
        #expect(set.rules[1].views == [.plane("compute"), .network(.pod)])
        #expect(set.rules[2].kind == .require && set.rules[2].severity == .low && set.rules[2].references == ["NCCL"])
    }

    @Test func mistakesAreReportedWhereTheyAre() {
        #expect(
            error("  zones:\n  - {name: a, plane: compute, colour: red}\n")
                == "intents.yaml:6:31: unknown field 'colour' in zone (expected one of: builtin, cidr, cidrs, description, except, interface, interfaces, name, namespace, namespaceLabels, namespaceSelector, namespaces, network, networks, nodeLabels, nodeSelector, nodes, partition, partitions, plane, planes, podLabels, podSelector, rail, rails, scalableUnits, select, su, vlan, vlans, vrf, vrfs)"
        )
        #expect(
            error("  zones:\n  - {name: a, plane: compute, namespace: x}\n")
                .hasPrefix("intents.yaml:6:5: a selector cannot mix fabric fields"))
        #expect(
            error("  zones:\n  - {name: a, plane: fabric}\n")
                == "intents.yaml:6:22: unknown plane 'fabric' (expected compute, frontend, storage or oob)")
        #expect(error("  zones:\n  - {name: a, nodes: \"dgx[3-1]\"}\n").hasPrefix("intents.yaml:6:22: "))
        #expect(
            error("  zones:\n  - {name: a, cidr: 10.0.0.1/8}\n")
                == "intents.yaml:6:21: invalid CIDR '10.0.0.1/8' (host bits must be zero)")
        #expect(
            error("  zones:\n  - {name: a, builtin: gpus}\n").hasPrefix(
                "intents.yaml:6:24: unknown built-in zone 'gpus'"))
        #expect(
            error("  zones:\n  - {name: any, plane: oob}\n")
                == "intents.yaml:6:12: 'any' is reserved: it means every endpoint")
        #expect(
            error("  zones:\n  - {name: a, plane: oob}\n  - {name: a, plane: oob}\n")
                == "intents.yaml:7:5: zone 'a' is already defined at intents.yaml:6")
        let zone = "  zones:\n  - {name: a, plane: oob}\n  rules:\n"
        #expect(
            error(zone + "  - {id: r, deny: {from: a, to: b}}\n").hasPrefix(
                "intents.yaml:8:5: rule 'r' names unknown zone 'b'"))
        #expect(
            error(zone + "  - {id: r, deny: {from: a, to: a}, allowOnly: {to: a, from: a}}\n")
                == "intents.yaml:8:5: rule 'r' needs exactly one of deny, allowOnly, require")
        #expect(
            error(zone + "  - {id: r, allowOnly: {to: a}}\n").hasPrefix("intents.yaml:8:24: allowOnly needs 'from'"))
        #expect(
            error(zone + "  - {id: r, deny: {from: a, to: a, traffic: [TCP/0]}}\n")
                == "intents.yaml:8:46: invalid port or range '0' (expected N or N-M within 1-65535)")
        #expect(
            error(zone + "  - {id: r, deny: {from: a, to: a, traffic: ICMP}}\n")
                == "intents.yaml:8:45: unknown protocol 'ICMP' (expected TCP, UDP, SCTP or any)")
        #expect(
            error(zone + "  - {id: r, deny: {from: a, to: a}, severity: critical}\n")
                == "intents.yaml:8:47: unknown severity 'critical' (expected high, medium, low or info)")
        #expect(
            error(zone + "  - {id: r, deny: {from: a, to: a}, on: [wan]}\n").hasPrefix(
                "intents.yaml:8:41: unknown view 'wan'"))
        #expect(
            error(zone + "  - {id: r, deny: {from: [a, any], to: a}}\n")
                == "intents.yaml:8:26: 'any' already means every endpoint")
        #expect(
            error(zone + "  - {id: r, deny: {from: a, to: a}}\n  - {id: r, deny: {from: a, to: a}}\n")
                == "intents.yaml:9:5: rule id 'r' is already used at intents.yaml:8")
        #expect(error("  packs: [nist]\n") == "intents.yaml:5:11: unknown pack 'nist' (known: ai-infra-baseline)")
        #expect(
            error("  packs: [{name: ai-infra-baseline, exclude: [nope]}]\n").hasPrefix(
                "intents.yaml:5:47: pack ai-infra-baseline has no rule 'nope'"))
    }

    @Test func otherKindsAndSegmentation() throws {
        #expect(throws: InputError.self) { try Mini.intents("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n") }
        do {
            _ = try Mini.intents("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n")
        } catch {
            #expect(
                "\(error)"
                    == "intents.yaml:2:7: unknown kind 'ConfigMap' in an intents file (expected SegmentationIntents, FabricSegmentation or FabricACL)"
            )
        }
        let seg = try Mini.intents(
            """
            apiVersion: interlock.dev/v1
            kind: FabricSegmentation
            metadata: {name: s}
            spec:
              partitions:
              - {name: llm, pkey: 0x8001, members: [{nodes: "dgx[0001-0002]", rails: [0], membership: limited}]}
              vrfs:
              - {name: a, vlan: 100, members: [{nodes: dgx0003}]}
            """
        ).segmentation
        #expect(seg.defaultPartition == .full)
        #expect(
            seg.partitions[0].pkey == 1 && seg.partitions[0].pkeyText == "0x8001"
                && seg.partitions[0].members[0].membership == .limited)
        #expect(seg.partition(named: "0x0001")?.name == "llm" && seg.partition(named: "llm")?.pkey == 1)
        #expect(seg.vrfs[0].vlan == 100 && seg.vrfs[0].plane == "compute")
        do {
            _ = try Mini.intents(
                "apiVersion: interlock.dev/v1\nkind: FabricSegmentation\nmetadata: {name: s}\nspec:\n  partitions:\n  - {name: d, pkey: 0x7fff, members: [{nodes: a}]}\n"
            )
            Issue.record("reserved P_Key accepted")
        } catch {
            #expect(
                "\(error)"
                    == "intents.yaml:6:21: P_Key 0x7fff is reserved (0x0000 is invalid, 0x7FFF is the default partition)"
            )
        }
    }

    @Test func namesAreCheckedAgainstTheClusterAndFabric() throws {
        let intents = """
            apiVersion: interlock.dev/v1
            kind: SegmentationIntents
            metadata: {name: t}
            spec:
              zones:
              - {name: x, nodes: "dgx[0004-0005]"}
            """
        do {
            _ = try Mini.checker(intents: intents)
            Issue.record("unknown node accepted")
        } catch {
            #expect(
                "\(error)"
                    == "intents.yaml:6:22: zone 'x': unknown node 'dgx0005' (neither a fabric host nor a Kubernetes node)"
            )
        }
    }
}
