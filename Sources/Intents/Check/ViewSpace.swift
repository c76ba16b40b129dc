import Fabric
import InterlockCore
import Manifests
import Policy
import PolicyEngine

/// The endpoints of one view, grouped into classes the view treats alike and that belong to the
/// same zones, with the connections between groups computed once per pair.
///
/// Invariants: every member is in exactly one group; every member of a group has the group's `zones`; the view's answer
/// for a judged pair depends only on the pair's groups (Kubernetes: one
/// engine class per group; fabric: one plane signature per group).
final class ViewSpace {
    enum Judge {
        case kubernetes(Network, CompiledEngine)
        case fabric(FabricPlane)
    }

    struct Group {
        var members: [Int]
        var zones: ZoneSet
    }

    let view: View
    let judge: Judge
    let members: [Member]
    /// `members[i].pair`, apart, for the pair loops.
    private let pairFacts: [PairFacts]
    /// The judge's parts, held apart so that evaluating a pair copies nothing.
    private let engine: CompiledEngine?
    private let network: Network
    private let plane: FabricPlane?
    let groups: [Group]
    /// Connections between groups, computed once: `results` holds them, `slot[s * groups + d]` (small
    /// views) or `slots[(s, d)]` (large ones) its index, -1 when no pair of their members is judged.
    private var results: [(set: ConnectionSet, source: Int, destination: Int)] = []
    private var slot: [Int32] = []
    private var slots: [GroupPair: Int32] = [:]
    private struct GroupPair: Hashable { var source: Int, destination: Int }
    /// Flat slots up to this many groups (2048² four-byte slots: 16 MiB).
    private static let flatLimit = 2048
    /// Groups by zone, filled on first use.
    private var byZone: [Int: [Int]] = [:]
    /// The external (or outside) atoms, sorted by first address: (first, last, member).
    private let atoms: [(first: IPAddress, last: IPAddress, member: Int)]
    /// Member index by Kubernetes endpoint and by fabric device, for observed traffic.
    private let byEndpoint: [PolicyEndpoint: Int]
    private let byDevice: [DeviceID: Int]

    init(view: View, judge: Judge, members: [Member], key: (Member) -> [Int]) {
        self.view = view
        self.judge = judge
        self.members = members
        pairFacts = members.map(\.pair)
        switch judge {
        case .kubernetes(let n, let e): (engine, network, plane) = (e, n, nil)
        case .fabric(let p): (engine, network, plane) = (nil, .pod, p)
        }
        var index: [[Int]: Int] = [:]
        var groups: [Group] = []
        for (i, m) in members.enumerated() {
            let k = key(m) + m.zones.words.map { Int(bitPattern: UInt($0)) }
            if let g = index[k] {
                groups[g].members.append(i)
            } else {
                index[k] = groups.count
                groups.append(Group(members: [i], zones: m.zones))
            }
        }
        self.groups = groups
        var byEndpoint: [PolicyEndpoint: Int] = [:]
        var byDevice: [DeviceID: Int] = [:]
        for (i, m) in members.enumerated() {
            if let e = m.kube, m.kind != .external { byEndpoint[e] = i }
            if let d = m.device { byDevice[d] = i }
        }
        self.byEndpoint = byEndpoint
        self.byDevice = byDevice
        atoms = members.indices.compactMap { i in
            guard let first = members[i].address, let last = members[i].lastAddress else { return nil }
            return (first, last, i)
        }.sorted { $0.first < $1.first }
    }

    var isKubernetes: Bool { if case .kubernetes = judge { return true } else { return false } }

    /// The groups with a member in any of `zones` (every group when `zones` is empty), ascending.
    func groups(in zones: [Int]) -> [Int] {
        if zones.isEmpty { return Array(groups.indices) }
        if zones.count == 1 { return groups(inZone: zones[0]) }
        return Array(Set(zones.flatMap { groups(inZone: $0) })).sorted()
    }

    private func groups(inZone z: Int) -> [Int] {
        if let known = byZone[z] { return known }
        let found = groups.indices.filter { groups[$0].zones.contains(z) }
        byZone[z] = found
        return found
    }

    /// What members of `s` may open to members of `d`, and the member pair that stands for the groups.
    func connections(_ s: Int, _ d: Int) -> (set: ConnectionSet, source: Int, destination: Int)? {
        let flat = groups.count <= Self.flatLimit
        if flat && slot.isEmpty { slot = [Int32](repeating: -2, count: groups.count * groups.count) }
        let known = flat ? slot[s * groups.count + d] : slots[GroupPair(source: s, destination: d)] ?? -2
        if known >= 0 { return results[Int(known)] }
        if known == -1 { return nil }
        var index: Int32 = -1
        if let (a, b) = representatives(s, d) {
            index = Int32(results.count)
            results.append((evaluate(a, b), a, b))
        }
        if flat { slot[s * groups.count + d] = index } else { slots[GroupPair(source: s, destination: d)] = index }
        return index >= 0 ? results[Int(index)] : nil
    }

    /// The number of judged member pairs between two groups.
    func judgedPairs(_ s: Int, _ d: Int) -> Int {
        let kube = engine != nil
        var n = 0
        for a in groups[s].members {
            for b in groups[d].members where a != b && pairFacts[a].isJudged(to: pairFacts[b], kubernetes: kube) {
                n += 1
            }
        }
        return n
    }

    /// A judged pair of members of the two groups (the first found).
    private func representatives(_ s: Int, _ d: Int) -> (Int, Int)? {
        let kube = engine != nil
        for a in groups[s].members {
            for b in groups[d].members where a != b && pairFacts[a].isJudged(to: pairFacts[b], kubernetes: kube) {
                return (a, b)
            }
        }
        return nil
    }

    private func evaluate(_ s: Int, _ d: Int) -> ConnectionSet {
        if let engine { return engine.connections(on: network, from: members[s].kube!, to: members[d].kube!) }
        return plane!.connections(members[s], members[d])
    }

    /// The member that owns `address` in this view (an external atom when nobody does).
    func member(at address: IPAddress) -> Int? {
        switch judge {
        case .kubernetes(let network, let engine):
            switch engine.inventory.owner(of: address, on: network) {
            case .pod(let i)?: if let m = byEndpoint[.pod(i)] { return m }
            case .node(let j)?: if let m = byEndpoint[.node(j)] { return m }
            case nil: break
            }
        case .fabric(let plane):
            if case .v4(let a) = address, let e = plane.fabric.endpoint(at: a), let m = byDevice[e.device] {
                return m
            }
        }
        return externalMember(containing: address)
    }

    /// The external (or outside) atom holding `address`: the last atom starting at or below it.
    private func externalMember(containing address: IPAddress) -> Int? {
        var lo = 0
        var hi = atoms.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if atoms[mid].first <= address { lo = mid + 1 } else { hi = mid }
        }
        guard lo > 0, address <= atoms[lo - 1].last else { return nil }
        return atoms[lo - 1].member
    }
}
