import Capture
import CaptureAnalysis
import CaptureSynth
import Findings
import InterlockCore
import Testing

/// `capture synth`'s scenarios, built from the fixture cluster and fabric and read back by the
/// analysis: the clean one gives no finding, the violations one every kind.
@Suite struct ScenarioTests {
    static let storageACL = """
        kind: FabricACL
        metadata: {name: storage-only}
        spec:
          attachTo: {plane: storage}
          rules:
          - {name: nfs, action: permit, protocol: TCP, destination: 10.20.0.5/32, destinationPorts: "2049"}
          - {name: replies, action: permit, source: 10.20.0.5/32}
        """

    @Test func cleanScenarioIsRealisticAndClean() throws {
        let script = ScenarioBuilder.script(.clean, engine: Fixture.engine, fabric: Fixture.fabric)
        let (a, flows, _) = try Fixture.analyze(script, acls: try Fixture.acls(Self.storageACL))
        #expect(a.findings.isEmpty)
        let c = flows.connections
        // Pod traffic between nodes rides VXLAN, whose inner connections are judged.
        #expect(
            c.contains {
                $0.tunnel == .vxlan && $0.responderPort == 5432 && $0.tcp.summary == "closed"
                    && $0.tcp.handshakeComplete
            })
        // Service traffic before DNAT, to the cluster IP.
        #expect(c.contains { $0.responderAddress == IPAddress("10.96.0.20")! })
        #expect(a.statistics.serviceConnections >= 1)
        // RoCEv2 on the RDMA network and between rail NICs, with PSNs and acknowledges paired.
        let roce = c.filter { $0.roce != nil }
        #expect(
            roce.contains {
                $0.initiatorAddress == IPAddress("192.168.50.11")! && $0.roce!.requests == 4
                    && $0.roce!.pairedWith != nil
            })
        #expect(roce.contains { $0.initiatorAddress == IPAddress("10.0.0.1")! })
        #expect(roce.allSatisfy { $0.roce!.pairedWith != nil })
        // Management and storage traffic on their planes.
        #expect(c.contains { $0.responderAddress == IPAddress("10.28.0.1")! && $0.responderPort == 623 })
        #expect(c.contains { $0.responderAddress == IPAddress("10.20.0.5")! && $0.responderPort == 2049 })
        #expect(a.statistics.planes.map(\.plane) == ["compute", "frontend", "storage", "oob"])
    }

    @Test func violationsScenarioProducesEveryKind() throws {
        let script = ScenarioBuilder.script(.violations, engine: Fixture.engine, fabric: Fixture.fabric)
        let (a, _, _) = try Fixture.analyze(script, acls: try Fixture.acls(Self.storageACL))
        #expect(
            Set(a.findings.map(\.kind)) == [
                .deniedButObserved, .unenforceable, .aclViolation, .unknownEndpoint, .wrongPlane,
            ])
        // web's egress admits only db:5432, yet it reached db/api and was answered.
        #expect(
            a.of(.deniedButObserved).contains {
                $0.severity == .high && $0.source?.address == "10.244.1.2" && $0.destination?.address == "10.244.2.3"
            })
        #expect(a.of(.unenforceable).first?.source?.address == "192.168.50.254")
        #expect(a.of(.aclViolation).first?.destination?.port == 22)
        // Everything the clean scenario holds is still clean: findings come only from the additions.
        let clean = ScenarioBuilder.script(.clean, engine: Fixture.engine, fabric: Fixture.fabric)
        #expect(a.findings.allSatisfy { $0.evidence!.firstPacket! > clean.frames.count })
    }

    @Test func scenariosAreDeterministic() {
        for scenario in CaptureScenario.allCases {
            let a = ScenarioBuilder.script(scenario, engine: Fixture.engine, fabric: Fixture.fabric)
            let b = ScenarioBuilder.script(scenario, engine: Fixture.engine, fabric: Fixture.fabric)
            #expect(
                a.frames.map(\.bytes) == b.frames.map(\.bytes) && a.frames.map(\.timestamp) == b.frames.map(\.timestamp)
            )
        }
    }

    @Test func withoutATopologyOnlyTheClusterTrafficIsWritten() throws {
        let script = ScenarioBuilder.script(.violations, engine: Fixture.engine, fabric: nil)
        let (a, _, _) = try Fixture.analyze(script, fabric: nil)
        #expect(Set(a.findings.map(\.kind)) == [.deniedButObserved, .unenforceable, .unknownEndpoint])
    }
}
