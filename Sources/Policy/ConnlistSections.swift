import InterlockCore
import Manifests

/// One network's part of a connlist over several networks, in netpol-analyzer's terms: the pod
/// network (the cluster default network), a primary user-defined network, or a secondary network.
public struct ConnlistSection: Sendable {
    /// `Pod network`, `primary UDN <namespace>`, `primary CUDN <name>` or `secondary NAD <ns/name>`.
    public var title: String
    /// The network the section's lines were evaluated on (`pod` for primary user-defined networks).
    public var network: Network
    /// The allowed connections between the network's members, and with external address ranges.
    public var lines: [ConnlistLine]
}

/// A connlist over every network: a section per network and which networks each workload is on.
public struct MultiNetworkConnlist: Sendable {
    /// The pod network first (always), then primary UserDefinedNetworks, primary
    /// ClusterUserDefinedNetworks and secondary networks with at least one allowed connection.
    public var sections: [ConnlistSection]
    /// Every workload (with a focus, the focused ones) with its networks: its primary network, then its
    /// secondary networks, sorted.
    public var workloadNetworks: [(workload: String, networks: [String])]
    /// netpol-analyzer's note under an empty pod-network section (none with a focus, which may have
    /// emptied it): no workload is on the pod network, or its workloads allow nothing.
    public var emptyPodNetworkNote: String?

    /// The pod network's title.
    public static let podNetworkTitle = "Pod network"

    /// Builds the sections: the pod network is evaluated once (isolation keeps its primary
    /// user-defined networks apart) and its lines go to the section of the primary network of their
    /// workload end; every NetworkAttachmentDefinition with attached workloads is evaluated on its own.
    /// External ranges are each network's connlist partitions (`ExternalSpace.connlistRanges`), IPv6
    /// ones only when `ipv6`.
    public static func build(
        _ engine: some ConnectivityEngine, input: PolicyInput, focus: Set<String>? = nil, ipv6: Bool = true,
        progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) -> MultiNetworkConnlist {
        let inventory = input.inventory
        let isolation = input.isolation
        let peers = Connlist.peers(inventory, on: .pod, policies: input.policies, ipv6: ipv6)
        var domainOf: [String: Int] = [:]
        for peer in peers where !peer.isExternal {
            domainOf[peer.name] = isolation.domain(of: peer.endpoint, in: inventory)
        }
        var byDomain = [[ConnlistLine]](repeating: [], count: isolation.networks.count + 1)
        for line in Connlist.lines(engine, on: .pod, peers: peers, focus: focus, progress: progress) {
            byDomain[domainOf[line.source] ?? domainOf[line.destination] ?? 0].append(line)
        }
        var sections = [ConnlistSection(title: podNetworkTitle, network: .pod, lines: byDomain[0])]
        for (k, udn) in isolation.networks.enumerated() where !byDomain[k + 1].isEmpty {
            sections.append(ConnlistSection(title: udn.title, network: .pod, lines: byDomain[k + 1]))
        }
        var secondaries: [String: [String]] = [:]
        for definition in inventory.distinctNetworks {
            let network = Network.attachment(definition.id)
            let title = "secondary NAD \(definition.id)"
            let members = inventory.workloads(on: network)
            for w in members { secondaries[inventory.workloads[w].id, default: []].append(title) }
            guard !members.isEmpty else { continue }
            let lines = Connlist.lines(
                engine, on: network,
                peers: Connlist.peers(inventory, on: network, policies: input.policies, ipv6: ipv6),
                focus: focus)
            if !lines.isEmpty { sections.append(ConnlistSection(title: title, network: network, lines: lines)) }
        }
        let mapping = inventory.workloads.filter { focus?.contains($0.id) ?? true }.map { w in
            let domain = isolation.domain(of: .pod(w.representative), in: inventory) ?? 0
            let primary = domain == 0 ? podNetworkTitle : isolation.networks[domain - 1].title
            return (w.id, [primary] + (secondaries[w.id] ?? []).sorted())
        }
        var note: String?
        if focus == nil && byDomain[0].isEmpty {
            note =
                peers.contains { !$0.isExternal && domainOf[$0.name] == 0 }
                ? "All connections are not allowed for the workloads in the pod-network"
                : "all input workloads are configured with (C)UDN as their primary network interface"
        }
        return MultiNetworkConnlist(sections: sections, workloadNetworks: mapping, emptyPodNetworkNote: note)
    }

    /// Whether a connlist covers several networks: when asked (`all`), or, with no network named, when
    /// a primary user-defined network is in force (netpol-analyzer then prints sections too).
    public static func applies(network: String?, input: PolicyInput) -> Bool {
        network == "all" || (network == nil && !input.isolation.isEmpty)
    }
}
