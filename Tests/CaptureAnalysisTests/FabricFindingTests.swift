import Capture
import CaptureSynth
import Documents
import Fabric
import Findings
import InterlockCore
import Manifests
import Testing

@testable import CaptureAnalysis

/// Plane segmentation, fabric ACLs and unknown addresses on the `tiny` fabric.
@Suite struct FabricFindingTests {
    @Test func managementTrafficOnTheOutOfBandNetworkIsClean() throws {
        var s = TrafficScript()
        s.udpFlow(Fixture.path("10.24.0.6", "10.28.0.1"), clientPort: 40000, serverPort: 623, datagrams: 1, size: 23)
        s.tcpSession(
            Fixture.path("10.24.0.6", "10.28.0.2"), clientPort: 40001, serverPort: 443, exchanges: [(200, 1500)])
        s.tcpSession(Fixture.path("10.16.0.6", "10.16.0.1"), clientPort: 40002, serverPort: 22, exchanges: [(64, 512)])
        s.tcpSession(
            Fixture.path("10.20.0.1", "10.20.0.5"), clientPort: 40003, serverPort: 2049, exchanges: [(1400, 260)])
        s.roceWrite(
            Fixture.path("10.0.0.1", "10.0.0.2"), requesterQP: 0x100, responderQP: 0x101, sourcePort: 49152,
            ackSourcePort: 49153, firstPSN: 0, packets: 2, payloadSize: 256)
        let (a, _, _) = try Fixture.analyze(s)
        #expect(a.findings.isEmpty)
        #expect(a.statistics.planes.map(\.plane) == ["compute", "frontend", "storage", "oob"])
    }

    @Test func wrongPlaneRules() throws {
        var s = TrafficScript()
        // RoCEv2 between front-end addresses.
        s.roceWrite(
            Fixture.path("10.16.0.1", "10.16.0.2"), requesterQP: 0x100, responderQP: 0x101, sourcePort: 49152,
            ackSourcePort: 49153, firstPSN: 0, packets: 2, payloadSize: 256)
        // SSH and NFS between rail NICs: management and storage protocols on the compute fabric.
        s.tcpSession(Fixture.path("10.0.0.1", "10.0.0.2"), clientPort: 40000, serverPort: 22, exchanges: [(64, 512)])
        s.tcpSession(Fixture.path("10.0.0.1", "10.0.0.2"), clientPort: 40001, serverPort: 2049, exchanges: [(64, 512)])
        // IPMI from a pod to a BMC; Redfish to a BMC from a compute host's front-end port.
        s.udpFlow(Fixture.path("10.244.1.3", "10.28.0.1"), clientPort: 40002, serverPort: 623, datagrams: 1, size: 23)
        s.tcpSession(Fixture.path("10.24.0.1", "10.28.0.2"), clientPort: 40003, serverPort: 443, exchanges: [(64, 512)])
        let (a, _, _) = try Fixture.analyze(s)
        let titles = Set(a.of(.wrongPlane).map { "\($0.severity) \($0.title)" })
        #expect(
            titles == [
                "medium RoCEv2 on the frontend network",
                "high SSH on the compute fabric",
                "medium NFS on the compute network",
                "high IPMI (RMCP) to BMC dgx0001-bmc on the frontend network",
            ])
        // A compute host's own OOB port reaching another host's BMC stays on the OOB network: not flagged.
        #expect(!a.findings.contains { $0.destination?.address == "10.28.0.2" })
    }

    @Test func aBMCReachedFromOutsideTheManagementNetworkOnTheOOBPlane() throws {
        var s = TrafficScript()
        s.udpFlow(Fixture.path("10.244.1.3", "10.28.0.1"), clientPort: 40002, serverPort: 623, datagrams: 1, size: 23)
        let (a, _, _) = try Fixture.analyze(s, vantage: .plane(.oob))
        let f = try #require(a.of(.wrongPlane).first)
        #expect(f.severity == .high && f.title == "IPMI (RMCP) to BMC dgx0001-bmc from outside the management network")
    }

    @Test func addressesOfAnotherPlaneOnTheGivenPlane() throws {
        var s = TrafficScript()
        s.tcpSession(
            Fixture.path("10.20.0.1", "10.20.0.2"), clientPort: 40000, serverPort: 8080, exchanges: [(64, 512)])
        let (a, _, _) = try Fixture.analyze(s, vantage: .plane(.frontend))
        let f = try #require(a.of(.wrongPlane).first)
        #expect(f.title == "traffic between the frontend and storage planes")
        #expect(
            f.reasons.first?.text == "dgx0001[storage] is an address of the storage plane, seen on the frontend plane")
    }

    /// A host-network pod uses its node's address: findings on that address name the node.
    @Test func aHostNetworkPodIsNamedWithItsNode() throws {
        let yaml = """
            apiVersion: v1
            kind: Node
            metadata: {name: dgx0003}
            status: {addresses: [{type: InternalIP, address: 10.10.0.3}]}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: exporter, namespace: monitoring}
            spec: {nodeName: dgx0003, hostNetwork: true, containers: [{name: e, image: exporter}]}
            status: {podIP: 10.10.0.3}
            """
        let manifests = try ManifestLoader.load(documents: try YAMLReader.documents(yaml, file: "pods.yaml"))
        let directory = EndpointDirectory(inventory: manifests.inventory, fabric: nil)
        let exporter = directory.resolve(IPAddress("10.10.0.3")!, plane: nil, network: nil)
        #expect(exporter.name == "node/dgx0003")
    }

    @Test func theGivenPlaneDecidesBetweenReadingsOfOneAddress() throws {
        // 10.0.0.4 is node cpu0001's InternalIP and, in the fabric plan, dgx0004-nic0.
        let directory = EndpointDirectory(inventory: Fixture.engine.inventory, fabric: Fixture.fabric)
        let readings = directory.readings(of: IPAddress("10.0.0.4")!)
        #expect(readings.count == 2)
        #expect(directory.resolve(IPAddress("10.0.0.4")!, plane: .frontend, network: nil).name == "node/cpu0001")
        #expect(directory.resolve(IPAddress("10.0.0.4")!, plane: .compute, network: nil).name == "dgx0004-nic0")
        // Without a plane the inventory's reading comes first.
        #expect(directory.resolve(IPAddress("10.0.0.4")!, plane: nil, network: nil).name == "node/cpu0001")
        // A node's front-end reading carries the fabric host of the same name.
        let node = directory.resolve(IPAddress("10.10.0.1")!, plane: nil, network: nil)
        #expect(node.name == "node/dgx0001" && node.reading?.fabric?.name == "dgx0001")
        // A pod on the RDMA network and on the pod network.
        #expect(
            directory.resolve(IPAddress("192.168.50.11")!, plane: nil, network: nil).reading?.network
                == .attachment("rdma/rail"))
        #expect(directory.planes.plane(of: .attachment("rdma/rail")) == .compute)
        #expect(directory.resolve(IPAddress("10.96.0.20")!, plane: nil, network: nil).name == "service db/pg-svc")
    }

    @Test func inferredPlaneFollowsBothEnds() throws {
        var s = TrafficScript()
        // Node to compute NIC: 10.0.0.4 reads as node cpu0001 (front end) or dgx0004-nic0 (compute);
        // its peer is a compute NIC only, so the connection is on the compute plane.
        s.tcpSession(Fixture.path("10.0.0.1", "10.0.0.4"), clientPort: 40000, serverPort: 5000, exchanges: [(64, 512)])
        let (a, _, _) = try Fixture.analyze(s)
        #expect(a.findings.isEmpty)
        #expect(a.statistics.planes.map(\.plane) == ["compute"])
    }

    @Test func aclsAreStatelessAndSeeEveryDirection() throws {
        var s = TrafficScript()
        s.tcpSession(
            Fixture.path("10.20.0.1", "10.20.0.5"), clientPort: 40000, serverPort: 2049, exchanges: [(1400, 260)])
        s.tcpSession(Fixture.path("10.20.0.2", "10.20.0.5"), clientPort: 40001, serverPort: 22, exchanges: [(64, 512)])
        // Not on the storage plane: the storage ACL does not see it.
        s.tcpSession(Fixture.path("10.16.0.1", "10.16.0.2"), clientPort: 40002, serverPort: 22, exchanges: [(64, 512)])
        let acls = try Fixture.acls(
            """
            kind: FabricACL
            metadata: {name: nfs-only}
            spec:
              attachTo: {plane: storage}
              rules:
              - {name: nfs, action: permit, protocol: TCP, destination: 10.20.0.5/32, destinationPorts: "2049"}
            """)
        let (a, _, _) = try Fixture.analyze(s, acls: acls)
        let violations = a.of(.aclViolation)
        #expect(violations.count == 2)
        // NFS requests pass, but the server's replies fall to the implicit deny.
        let nfs = try #require(violations.first { $0.destination?.port == 2049 })
        #expect(nfs.title == "FabricACL nfs-only denies it, yet it was observed (replies)")
        #expect(
            nfs.reasons.map(\.text) == [
                "FabricACL nfs-only on plane storage: no rule matches: the default action denies replies 10.20.0.5:2049 -> 10.20.0.1 TCP"
            ])
        let ssh = try #require(violations.first { $0.destination?.port == 22 })
        #expect(ssh.severity == .high && ssh.reasons.count == 2)
    }

    @Test func switchACLsApplyOnTheRoute() throws {
        var s = TrafficScript()
        s.tcpSession(
            Fixture.path("10.16.0.1", "10.16.0.2"), clientPort: 40000, serverPort: 8080, exchanges: [(64, 512)])
        let acls = try Fixture.acls(
            """
            kind: FabricACL
            metadata: {name: leaf-guard}
            spec:
              attachTo: {switch: frontend-leaf01}
              defaultAction: permit
              rules:
              - {name: no-8080, action: deny, protocol: TCP, destinationPorts: "8080"}
            """)
        let (a, _, _) = try Fixture.analyze(s, acls: acls)
        let f = try #require(a.of(.aclViolation).first)
        #expect(
            f.reasons.first?.text
                == "FabricACL leaf-guard on switch frontend-leaf01: rule 0 'no-8080' denies 10.16.0.1 -> 10.16.0.2:8080 TCP"
        )
        // A switch the topology does not have is bad input naming the ACL's file.
        let bad = try Fixture.acls(
            """
            kind: FabricACL
            metadata: {name: ghost}
            spec: {attachTo: {switch: leaf99}, rules: []}
            """)
        #expect(throws: InputError.self) {
            try CaptureAnalyzer(engine: Fixture.engine, fabric: Fixture.fabric, acls: bad)
        }
        // Without a topology a switch ACL cannot be placed: a warning, not an error.
        let (b, _, _) = try Fixture.analyze(s, fabric: nil, acls: acls)
        #expect(
            b.of(.aclViolation).isEmpty
                && b.warnings.contains { $0.contains("leaf-guard") && $0.contains("--topology") })
    }

    @Test func unknownAddressesBySeverity() throws {
        var s = TrafficScript()
        // Inside the front end's prefix, not in the plan: medium, one finding for both its connections.
        s.tcpSession(
            Fixture.path("10.16.9.9", "10.16.0.1"), clientPort: 40000, serverPort: 22, exchanges: [], ending: .reset)
        s.tcpSession(
            Fixture.path("10.16.9.9", "10.16.0.2"), clientPort: 40001, serverPort: 22, exchanges: [], ending: .reset)
        // A private address outside every plan: low. A public one: external, no finding.
        s.udpFlow(
            Fixture.path("10.16.0.1", "172.20.1.1"), clientPort: 40002, serverPort: 514, datagrams: 1, size: 80,
            replies: false)
        s.udpFlow(Fixture.path("10.16.0.1", "1.1.1.1"), clientPort: 40003, serverPort: 53, datagrams: 1, size: 40)
        let (a, _, _) = try Fixture.analyze(s)
        let unknown = a.of(.unknownEndpoint)
        #expect(unknown.map(\.severity) == [.medium, .low])
        let scanner = unknown[0]
        #expect(
            scanner.title
                == "10.16.9.9 is not in the inventory or the fabric (inside the frontend plane's prefix 10.16.0.0/14)")
        #expect(scanner.evidence?.flows == 2 && scanner.evidence?.displayFilter == "ip.addr==10.16.9.9")
        #expect(
            scanner.reasons.last?.text
                == "connections: to dgx0001[frontend] (10.16.0.1) 22/TCP, to dgx0002[frontend] (10.16.0.2) 22/TCP")
        #expect(unknown[1].title.contains("a private address (RFC 1918 172.16.0.0/12)"))
        #expect(a.findings.count == 2)
    }

    @Test func aScanOfUnknownAddressesNamesEightPeersAndCountsTheRest() throws {
        var s = TrafficScript()
        let peers = (10...19).map { "10.16.9.\($0)" }
        for (i, peer) in peers.enumerated() {
            s.tcpSession(
                Fixture.path("10.16.9.9", peer), clientPort: UInt16(40000 + i), serverPort: 22, exchanges: [],
                ending: .reset)
        }
        let (a, _, _) = try Fixture.analyze(s)
        // One finding per address: the scanner and each peer.
        let unknown = Dictionary(uniqueKeysWithValues: a.of(.unknownEndpoint).map { ($0.source?.address ?? "", $0) })
        #expect(Set(unknown.keys) == Set(["10.16.9.9"] + peers))
        let scanner = try #require(unknown["10.16.9.9"])
        let shown = peers.sorted().prefix(UnknownEndpoints.peersShown).map { "to unknown host (\($0)) 22/TCP" }
        #expect(
            scanner.reasons.map(\.text) == [
                "no pod, node, Service or fabric interface owns 10.16.9.9",
                "connections: " + shown.joined(separator: ", ") + " and 2 more",
            ])
        let ids = try #require(scanner.evidence?.connections)
        #expect(scanner.evidence?.flows == 10 && ids.count == 10 && ids == Array(Set(ids)).sorted())
        // A peer that is unknown too is named as one, with its address.
        #expect(unknown["10.16.9.10"]?.reasons.last?.text == "connections: from unknown host (10.16.9.9) to its 22/TCP")
        #expect(unknown["10.16.9.10"]?.evidence?.displayFilter == "ip.addr==10.16.9.10")
    }

    @Test func finishedEvidenceListsConnectionIdsAscendingOnce() {
        for (ids, expected) in [([3, 1, 3, 2], [1, 2, 3]), ([1, 2, 5], [1, 2, 5]), ([4, 4], [4]), ([], [])] {
            var e = Evidence(connections: ids)
            FindingAggregator.finish(&e)
            #expect(e.connections == expected)
        }
    }

    /// Findings appended as distinct at the end come out as adding them one by one would put them:
    /// merged findings first-come, evidence finished, all in report order with ties kept in order.
    @Test func distinctFindingsAppendedAsIfAddedOneByOne() {
        func finding(_ kind: FindingKind, _ title: String, _ ids: [Int]) -> Finding {
            Finding(
                kind: kind, severity: title.hasPrefix("b") ? .medium : .low, title: title,
                source: FindingEndpoint(name: "x"), evidence: Evidence(packets: ids.count, connections: ids))
        }
        var merged = FindingAggregator()
        var reference = FindingAggregator()
        for (i, title) in ["b", "a", "b", "c", "a"].enumerated() {
            merged.add(finding(.wrongPlane, title, [9 - i, 2 * i]))
            reference.add(finding(.wrongPlane, title, [9 - i, 2 * i]))
        }
        let distinct = ["b 10.0.0.2", "a 10.0.0.1", "b 10.0.0.1", "c"].enumerated().map {
            finding(.unknownEndpoint, $0.element, [20 - $0.offset, 3])
        }
        for f in distinct { reference.add(f) }
        let got = merged.findings(appending: distinct)
        let expected = reference.findings(appending: [])
        #expect(got.map(\.title) == expected.map(\.title) && got.map(\.evidence) == expected.map(\.evidence))
        // Medium ("b…") before low; unknown-endpoint before wrong-plane; then by title.
        #expect(got.map(\.title) == ["b 10.0.0.1", "b 10.0.0.2", "b", "a 10.0.0.1", "c", "a", "c"])
        #expect(got[2].evidence?.connections == [0, 4, 7, 9] && got[2].evidence?.packets == 4)
    }
}
