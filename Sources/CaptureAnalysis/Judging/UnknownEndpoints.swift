import Fabric
import Findings
import InterlockCore

/// Addresses nobody owns, gathered over the whole capture: one `unknown-endpoint` finding per
/// address, naming the peers it talked to, its evidence summed over its connections.
///
/// Severity: medium inside a plane's prefix or a secondary network's subnet (a host the inventory
/// and the topology do not know is on the cluster's networks), low elsewhere in private space.
struct UnknownEndpoints {
    private struct Entry {
        var scope: String
        var inPlan: Bool
        var plane: String?
        var peers: Set<String> = []
        var evidence: Evidence
    }

    private var entries: [IPAddress: Entry] = [:]
    /// The most peers a finding names; the rest are counted.
    static let peersShown = 8

    mutating func add(
        _ address: IPAddress, scope: String, inPlan: Bool, plane: Plane?, peer: ResolvedAddress,
        flow: JudgedFlow, evidence: Evidence
    ) {
        var e = evidence
        e.displayFilter = (address.version == 6 ? "ipv6.addr==" : "ip.addr==") + address.description
        let service = (flow.port.map { "\($0)/" } ?? "") + (flow.isRoCE ? "RoCEv2" : flow.proto.description)
        let who = peer.name == peer.address.description ? peer.name : "\(peer.name) (\(peer.address))"
        let peerText = flow.initiator == address ? "to \(who) \(service)" : "from \(who) to its \(service)"
        if entries[address] != nil {
            FindingAggregator.merge(&entries[address]!.evidence, e)
            entries[address]!.peers.insert(peerText)
        } else {
            entries[address] = Entry(scope: scope, inPlan: inPlan, plane: plane?.name, peers: [peerText], evidence: e)
        }
    }

    var findings: [Finding] {
        entries.keys.sorted().map { address in
            let e = entries[address]!
            let peers = e.peers.sorted()
            var text = "connections: " + peers.prefix(UnknownEndpoints.peersShown).joined(separator: ", ")
            if peers.count > UnknownEndpoints.peersShown {
                text += " and \(peers.count - UnknownEndpoints.peersShown) more"
            }
            return Finding(
                kind: .unknownEndpoint, severity: e.inPlan ? .medium : .low,
                title: "\(address) is not in the inventory or the fabric (\(e.scope))",
                source: FindingEndpoint(name: "unknown host", address: address.description), network: e.plane,
                reasons: [
                    FindingReason(side: .endpoint, text: "no pod, node, Service or fabric interface owns \(address)"),
                    FindingReason(side: .endpoint, text: text),
                ],
                evidence: FindingAggregator.finished(e.evidence))
        }
    }
}
