import Findings
import InterlockCore
import Testing

@testable import Intents

/// Observed and simulated traffic judged against the intents.
@Suite struct ObservedTests {
    func flow(
        _ s: String, _ d: String, _ proto: IPProtocol, _ port: UInt16, packets: Int, frames: (Int, Int),
        view: View? = nil
    ) -> ObservedFlow {
        ObservedFlow(
            view: view, source: IPAddress(s)!, destination: IPAddress(d)!, proto: proto, port: port,
            evidence: Evidence(
                packets: packets, bytes: packets * 100, firstPacket: frames.0, lastPacket: frames.1, source: "c.pcap"))
    }

    @Test func forbiddenTrafficIsReportedWithMergedEvidence() throws {
        let checker = try Mini.checker(policies: Mini.isolatingPolicies, segmentation: Mini.segmentation)
        let findings = checker.observedFindings([
            flow("10.244.1.1", "10.244.3.1", .tcp, 8080, packets: 10, frames: (3, 40)),
            flow("10.244.1.1", "10.244.3.1", .tcp, 8080, packets: 4, frames: (50, 61)),
            // Same tenant, or to the kubelet from the control plane: allowed by the intents.
            flow("10.244.3.1", "10.244.3.1", .tcp, 8080, packets: 1, frames: (70, 70)),
            flow("10.16.0.7", "10.16.0.2", .tcp, 10250, packets: 6, frames: (80, 85)),
            // A compute node's OOB port to a BMC (IPMI): the OOB network is management only.
            flow("10.24.0.1", "10.28.0.2", .udp, 623, packets: 2, frames: (90, 91)),
        ])
        #expect(findings.count == 2)
        let tenants = try #require(findings.first { $0.ruleID == "ai-infra-baseline/tenant-isolation" })
        #expect(tenants.network == "pod" && tenants.evidence?.packets == 14 && tenants.evidence?.flows == 2)
        #expect(
            tenants.evidence?.firstPacket == 3 && tenants.evidence?.lastPacket == 61
                && tenants.evidence?.source == "c.pcap")
        #expect(
            tenants.title
                == "ai-infra-baseline/tenant-isolation: observed tenant-a/app-a[Pod] → tenant-b/app-b[Pod] on TCP/8080")
        let oob = try #require(findings.first { $0.ruleID == "ai-infra-baseline/oob-only-from-management" })
        #expect(oob.network == "oob" && oob.source?.name == "dgx0001[oob]" && oob.destination?.name == "dgx0002-bmc")
    }

    @Test func aFlowCanBePlacedOnANamedView() throws {
        let checker = try Mini.checker()
        // 10.16.0.2 is dgx0002's front-end port and a Kubernetes node address: named, it is judged as the pod
        // network's.
        let onPod = checker.observedFindings([
            flow("10.244.1.1", "10.16.0.2", .tcp, 10250, packets: 1, frames: (1, 1), view: .kubernetes(.pod))
        ])
        #expect(onPod.map(\.network) == ["pod"] && onPod.first?.destination?.name == "node/dgx0002")
        let internet = checker.observedFindings([flow("203.0.113.9", "10.16.0.1", .tcp, 22, packets: 1, frames: (1, 1))]
        )
        #expect(
            internet.first?.ruleID == "ai-infra-baseline/compute-nodes-private"
                && internet.first?.source?.name.hasPrefix("200.0.0.0-") == false)
        #expect(internet.first?.network == "frontend")
    }

    @Test func builtinZonesFindTheirMembers() throws {
        let checker = try Mini.checker()
        let sizes = Dictionary(checker.zoneSizes.map { ($0.zone, $0.members) }, uniquingKeysWith: { a, _ in a })
        // Management: mgmt01 (neither a compute host nor a storage server): its front-end and OOB ports,
        // its Kubernetes node, and the two host-network pods on it (their traffic is the node's).
        #expect(sizes["management"] == 5)
        // BMCs and management ports of 4 DGX, 2 storage servers and mgmt01.
        #expect(sizes["oob"] == 4 + 7)
        // etcd: the static pod (component: etcd) on the pod network, and mgmt01's front-end and OOB ports.
        #expect(sizes["etcd"] == 3)
        #expect(sizes["registry"] == 1 && sizes["secrets-vault"] == 1)
        #expect(sizes["tenant:a"] == 1 + 2 && sizes["tenant:b"] == 1 + 2)  // the pod, and its node's two compute NICs
    }
}
