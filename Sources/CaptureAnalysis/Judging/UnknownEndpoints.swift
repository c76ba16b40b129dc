import Fabric
import Findings
import InterlockCore

/// Addresses nobody owns, gathered over the whole capture: one `unknown-endpoint` finding per
/// address, naming the peers it talked to, its evidence summed over its connections.
///
/// Severity: medium inside a plane's prefix or a secondary network's subnet (a host the inventory
/// and the topology do not know is on the cluster's networks), low elsewhere in private space.
///
/// Every string is built once: an address's text when it is first seen (its title, source and
/// reasons reuse it), a peer's text once per connection; a capture full of unknown hosts makes
/// one finding per address, so per-finding work dominates `capture analyze` there.
struct UnknownEndpoints {
    private struct Entry {
        var address: IPAddress
        /// `address.description`, built once.
        var text: String
        var scope: String
        var inPlan: Bool
        var plane: String?
        var peers: Set<String>
        var evidence: Evidence
    }

    /// Each address's position in `entries`.
    private var positions: [IPAddress: Int] = [:]
    private var entries: [Entry] = []
    /// The most peers a finding names; the rest are counted.
    static let peersShown = 8

    mutating func add(
        _ address: IPAddress, scope: String, inPlan: Bool, plane: Plane?, peer: ResolvedAddress,
        flow: JudgedFlow, evidence: Evidence
    ) {
        let service = (flow.port.map { String($0) + "/" } ?? "") + (flow.isRoCE ? "RoCEv2" : flow.proto.description)
        let peerAddress = peer.address.description
        let who = peer.name == peerAddress ? peerAddress : peer.name + " (" + peerAddress + ")"
        let peerText = flow.initiator == address ? "to " + who + " " + service : "from " + who + " to its " + service
        if let i = positions[address] {
            FindingAggregator.merge(&entries[i].evidence, evidence)
            entries[i].peers.insert(peerText)
            return
        }
        let text = address.description
        var e = evidence
        e.displayFilter = (address.version == 6 ? "ipv6.addr==" : "ip.addr==") + text
        positions[address] = entries.count
        entries.append(
            Entry(
                address: address, text: text, scope: scope, inPlan: inPlan, plane: plane?.name, peers: [peerText],
                evidence: e))
    }

    /// One finding per address, by address (the entries are taken out and sorted in place, not
    /// copied); their evidence is not yet finished (the aggregator they go into finishes every
    /// finding's).
    mutating func takeFindings() -> [Finding] {
        var entries = self.entries
        self = UnknownEndpoints()
        entries.sort { $0.address < $1.address }
        return entries.map { e in
            let peers = e.peers.sorted()
            var text = "connections: " + peers.prefix(UnknownEndpoints.peersShown).joined(separator: ", ")
            if peers.count > UnknownEndpoints.peersShown {
                text += " and " + String(peers.count - UnknownEndpoints.peersShown) + " more"
            }
            return Finding(
                kind: .unknownEndpoint, severity: e.inPlan ? .medium : .low,
                title: e.text + " is not in the inventory or the fabric (" + e.scope + ")",
                source: FindingEndpoint(name: "unknown host", address: e.text), network: e.plane,
                reasons: [
                    FindingReason(side: .endpoint, text: "no pod, node, Service or fabric interface owns " + e.text),
                    FindingReason(side: .endpoint, text: text),
                ],
                evidence: e.evidence)
        }
    }
}
