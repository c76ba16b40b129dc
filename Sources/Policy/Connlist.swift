import InterlockCore
import Manifests

/// A party to connlist results: a workload, or a range of external addresses as a source or as a
/// destination (the two are cut differently: `ExternalSpace.connlistRanges`).
public struct ConnlistPeer: Hashable, Sendable {
    /// What the peer stands for.
    public enum Role: Hashable, Sendable {
        /// A workload: source and destination.
        case workload
        /// External addresses, listed only as a source.
        case externalSource
        /// External addresses, listed only as a destination.
        case externalDestination
    }

    /// `namespace/name[Kind]` or `A.B.C.D-E.F.G.H[External]`.
    public var name: String
    /// The endpoint evaluated for the peer: a workload's representative pod, or a range's first address.
    public var endpoint: PolicyEndpoint
    /// What the peer stands for.
    public var role: Role

    /// Whether the peer is an external address range rather than a workload.
    public var isExternal: Bool { role != .workload }
}

/// One allowed pair of a connlist: `SRC => DST : CONNS`.
public struct ConnlistLine: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The source peer's name.
    public var source: String
    /// The destination peer's name.
    public var destination: String
    /// What the source may open to the destination; never empty in a connlist.
    public var connections: ConnectionSet
    /// Whether the connections depend on the address of a pod the manifests do not place
    /// (`ConnectivityEngine.isConditional`): the row is taken from a documented rule, not decided.
    public var conditional = false

    /// `SRC => DST : CONNS`.
    public var description: String { "\(source) => \(destination) : \(connections)" }

    /// By the printed line, so that output sorts as text does.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.description < rhs.description }
}

/// Every allowed connection between workloads, and between workloads and external address ranges,
/// in netpol-analyzer's model.
public enum Connlist {
    /// The peers of `network`: its workloads (those with a pod attached to it), then the external
    /// address ranges as sources and as destinations (`ExternalSpace.connlistRanges`).
    public static func peers(
        _ inventory: Inventory, on network: Network,
        external: (sources: [AddressRange], destinations: [AddressRange])
    ) -> [ConnlistPeer] {
        var out = inventory.workloads(on: network).map { i in
            let w = inventory.workloads[i]
            let pod = w.pods.first { inventory.pods[$0].isAttached(to: network) } ?? w.representative
            return ConnlistPeer(name: w.id, endpoint: .pod(pod), role: .workload)
        }
        for (ranges, role) in [
            (external.sources, ConnlistPeer.Role.externalSource), (external.destinations, .externalDestination),
        ] {
            out += ranges.map { ConnlistPeer(name: "\($0)[External]", endpoint: .external($0.first), role: role) }
        }
        return out
    }

    /// The peers of `network` with `policies`' connlist partitions of the external space
    /// (`ExternalSpace.connlistRanges`; IPv6 ranges only when `ipv6`).
    public static func peers(
        _ inventory: Inventory, on network: Network, policies: PolicySet, ipv6: Bool = true
    ) -> [ConnlistPeer] {
        peers(inventory, on: network, external: ExternalSpace.connlistRanges([policies], on: network, ipv6: ipv6))
    }

    /// The lines for every ordered pair of distinct peers with at least one allowed connection,
    /// sorted; external-to-external pairs are not considered. With `focus`, only pairs with a peer
    /// named in it. `progress` is told the number of sources done and the total after each source.
    public static func lines(
        _ engine: some ConnectivityEngine, on network: Network, peers: [ConnlistPeer],
        focus: Set<String>? = nil, progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) -> [ConnlistLine] {
        let sources = peers.filter { $0.role != .externalDestination }
        let destinations = peers.filter { $0.role != .externalSource }
        if let classes = engine.classConnectivity(
            on: network, sources: sources.map(\.endpoint), destinations: destinations.map(\.endpoint))
        {
            return lines(
                engine, on: network, sources: sources, destinations: destinations, classes: classes, focus: focus,
                progress: progress)
        }
        var out: [ConnlistLine] = []
        for (done, source) in peers.enumerated() {
            progress(done, peers.count)
            guard source.role != .externalDestination else { continue }
            for destination in peers
            where source.name != destination.name && destination.role != .externalSource
                && !(source.isExternal && destination.isExternal)
            {
                if let focus, !focus.contains(source.name) && !focus.contains(destination.name) { continue }
                let conns = engine.connections(on: network, from: source.endpoint, to: destination.endpoint)
                if !conns.isEmpty {
                    var line = ConnlistLine(source: source.name, destination: destination.name, connections: conns)
                    line.conditional = engine.isConditional(
                        on: network, from: source.endpoint, to: destination.endpoint)
                    out.append(line)
                }
            }
        }
        return sorted(out)
    }

    /// `lines(_:on:peers:focus:progress:)` from an engine's answer by class: each source meets only the
    /// members of the destination classes its class may reach.
    static func lines(
        _ engine: some ConnectivityEngine, on network: Network, sources: [ConnlistPeer],
        destinations: [ConnlistPeer], classes: ClassConnectivity, focus: Set<String>?,
        progress: (_ done: Int, _ total: Int) -> Void
    ) -> [ConnlistLine] {
        var members = [[Int]](repeating: [], count: Int(classes.destinationClass.max() ?? -1) + 1)
        for (d, c) in classes.destinationClass.enumerated() { members[Int(c)].append(d) }
        var out: [ConnlistLine] = []
        for (done, source) in sources.enumerated() {
            progress(done, sources.count)
            for (c, set) in classes.allowed[Int(classes.sourceClass[done])] {
                for d in members[Int(c)] {
                    let destination = destinations[d]
                    guard source.name != destination.name && !(source.isExternal && destination.isExternal) else {
                        continue
                    }
                    if let focus, !focus.contains(source.name) && !focus.contains(destination.name) { continue }
                    var line = ConnlistLine(
                        source: source.name, destination: destination.name, connections: classes.sets[Int(set)])
                    line.conditional = engine.isConditional(
                        on: network, from: source.endpoint, to: destination.endpoint)
                    out.append(line)
                }
            }
        }
        return sorted(out)
    }

    /// `lines` in the order `sorted()` gives (by the printed line, as text sorts; equal lines in input
    /// order), each line printed once rather than at every comparison.
    public static func sorted(_ lines: [ConnlistLine]) -> [ConnlistLine] {
        let text = lines.map(\.description)
        return text.indices.sorted { text[$0] < text[$1] || (text[$0] == text[$1] && $0 < $1) }.map { lines[$0] }
    }

    /// The workload ids `--focus-workload NAME` names (`name` or `namespace/name`), or an error.
    public static func focus(_ name: String, in inventory: Inventory) throws(InputError) -> Set<String> {
        let matches = inventory.workloadIndex(id: name).map { [$0] } ?? inventory.workloads(named: name)
        guard !matches.isEmpty else { throw InputError("--focus-workload: no workload named '\(name)'") }
        return Set(matches.map { inventory.workloads[$0].id })
    }
}
