import Capture
import CaptureSynth
import Fabric
import FabricACL
import Findings
import InterlockCore
import PolicyEngine
import Testing

@testable import CaptureAnalysis

/// The analysis reuses placements and the plane and policy findings of flows of equal shape
/// (`PlacementMemo`, `ShapeMemo`); judging every flow from scratch must give the same analysis.
/// Inputs: the violations scenario followed by random flows between its ends, on its ports, from
/// fresh client ports, answered or not, with and without a topology, fabric ACLs (one of them
/// keyed on source ports, so flows of one shape differ in their ACL findings) and a vantage.
@Suite struct ShapeMemoTests {
    static let acls =
        ScenarioTests.storageACL + """

            ---
            kind: FabricACL
            metadata: {name: odd-clients}
            spec:
              attachTo: {plane: frontend}
              defaultAction: permit
              rules:
              - {name: low-clients, action: deny, protocol: TCP, sourcePorts: "30000-30999"}
            ---
            kind: FabricACL
            metadata: {name: leaf-guard}
            spec:
              attachTo: {switch: frontend-leaf01}
              defaultAction: permit
              rules:
              - {name: no-5432-from-high, action: deny, protocol: TCP, sourcePorts: "50000-65535", destinationPorts: "5432"}
            """

    /// The violations scenario, then `count` flows, each between the ends of a random connection of
    /// the scenario (sometimes turned around or with another's server), with a fresh client port.
    static func script(seed: UInt64, count: Int, fabric: FabricGraph?) throws -> TrafficScript {
        var s = ScenarioBuilder.script(.violations, engine: Fixture.engine, fabric: fabric)
        let scenario = try CaptureFlows.collect(paths: [Fixture.write(s)]).connections
        var rng = SeededGenerator(seed: seed)
        for _ in 0..<count {
            let c = scenario.randomElement(using: &rng)!
            var client = c.initiatorAddress
            var server = c.responderAddress
            if Int.random(in: 0..<8, using: &rng) == 0 { swap(&client, &server) }
            if Int.random(in: 0..<8, using: &rng) == 0 {
                server = scenario.randomElement(using: &rng)!.responderAddress
            }
            guard client.version == server.version else { continue }
            let path = TrafficScript.Path(client: client, server: server, vlans: c.vlan == 0 ? [] : [c.vlan])
            let port = UInt16.random(in: 30000...65000, using: &rng)
            let answered = Bool.random(using: &rng)
            switch c.proto {
            case .tcp where answered:
                s.tcpSession(
                    path, clientPort: port, serverPort: c.responderPort, exchanges: [(64, 128)],
                    handshake: Int.random(in: 0..<4, using: &rng) > 0)
            case .tcp:
                s.tcpAttempt(path, clientPort: port, serverPort: c.responderPort, retries: 0)
            case .udp where c.roce != nil:
                s.roceWrite(
                    path, requesterQP: UInt32(port), responderQP: UInt32(port) + 1, sourcePort: port,
                    ackSourcePort: port &+ 1, firstPSN: 1, packets: 2, payloadSize: 64,
                    partitionKey: [0xFFFF, 0x8001].randomElement(using: &rng)!)
            case .udp:
                s.udpFlow(
                    path, clientPort: port, serverPort: c.responderPort, datagrams: 1, size: 32, replies: answered)
            default:
                s.icmpEcho(path, identifier: port, count: 1)
            }
        }
        return s
    }

    @Test(arguments: [(UInt64(1), true, false), (2, true, true), (3, false, false), (4, true, false)])
    func memoizedAnalysisEqualsJudgingEveryFlow(seed: UInt64, topology: Bool, acls: Bool) throws {
        let fabric = topology ? Fixture.fabric : nil
        let path = try Fixture.write(try Self.script(seed: seed, count: 600, fabric: fabric))
        let flows = try CaptureFlows.collect(paths: [path])
        let vantages: [Vantage?] = seed == 4 ? [.plane(.frontend), .network(.pod)] : [nil]
        for vantage in vantages {
            let analyzer = {
                try CaptureAnalyzer(
                    engine: Fixture.engine, fabric: fabric,
                    acls: acls ? try Fixture.acls(Self.acls) : [], vantage: vantage)
            }
            let memoized = try analyzer().analyze(flows, memoizing: true)
            let reference = try analyzer().analyze(flows, memoizing: false)
            #expect(memoized.findings == reference.findings)
            #expect(memoized.statistics == reference.statistics)
            #expect(memoized.violatingConnections == reference.violatingConnections)
            #expect(memoized.warnings == reference.warnings)
            // The inputs exercise the memo: many flows, fewer findings.
            #expect(memoized.statistics.judged > 2 * memoized.findings.count)
        }
        if acls {
            // Flows of one shape differ in their ACL findings (the source-port rule).
            let a = try CaptureAnalyzer(engine: Fixture.engine, fabric: fabric, acls: try Fixture.acls(Self.acls))
                .analyze(flows)
            #expect(a.of(.aclViolation).contains { $0.title.hasPrefix("FabricACL odd-clients") })
        }
    }
}
