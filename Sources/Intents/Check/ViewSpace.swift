import Fabric
import InterlockCore
import Manifests
import Policy
import Reachability

/// The endpoints of one view, grouped into classes the view treats alike and that belong to the
/// same zones, with the connections between groups computed once per pair.
///
/// Invariants: `groupOf[m]` is the group holding member `m`; every member of a group has the group's
/// `zones`; the view's answer for a judged pair depends only on the pair's groups (Kubernetes: one
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
    let groups: [Group]
    let groupOf: [Int]
    /// Connections between groups: `nil` when no pair of their members is judged.
    private var pairs: [GroupPair: (ConnectionSet, Int, Int)?] = [:]
    private struct GroupPair: Hashable { var source: Int, destination: Int }
    /// The external (or outside) atoms, sorted by first address: (first, last, member).
    private let atoms: [(first: IPAddress, last: IPAddress, member: Int)]
    /// Member index by Kubernetes endpoint and by fabric device, for observed traffic.
    private let byEndpoint: [KubernetesEndpoint: Int]
    private let byDevice: [DeviceID: Int]

    init(view: View, judge: Judge, members: [Member], key: (Member) -> [Int]) {
        self.view = view
        self.judge = judge
        self.members = members
        var index: [[Int]: Int] = [:]
        var groups: [Group] = []
        var groupOf: [Int] = []
        for (i, m) in members.enumerated() {
            let k = key(m) + m.zones.words.map { Int(bitPattern: UInt($0)) }
            if let g = index[k] {
                groups[g].members.append(i)
                groupOf.append(g)
            } else {
                index[k] = groups.count
                groupOf.append(groups.count)
                groups.append(Group(members: [i], zones: m.zones))
            }
        }
        self.groups = groups
        self.groupOf = groupOf
        var byEndpoint: [KubernetesEndpoint: Int] = [:], byDevice: [DeviceID: Int] = [:]
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

    /// The groups with a member in any of `zones` (every group when `zones` is empty).
    func groups(in zones: [Int]) -> [Int] {
        zones.isEmpty ? Array(groups.indices) : groups.indices.filter { groups[$0].zones.contains(anyOf: zones) }
    }

    /// What members of `s` may open to members of `d`, and the member pair that stands for the groups.
    func connections(_ s: Int, _ d: Int) -> (set: ConnectionSet, source: Int, destination: Int)? {
        let key = GroupPair(source: s, destination: d)
        if let known = pairs[key] { return known.map { ($0.0, $0.1, $0.2) } }
        var result: (ConnectionSet, Int, Int)?
        if let (a, b) = representatives(s, d) { result = (evaluate(members[a], members[b]), a, b) }
        pairs[key] = result
        return result.map { ($0.0, $0.1, $0.2) }
    }

    /// The number of judged member pairs between two groups.
    func judgedPairs(_ s: Int, _ d: Int) -> Int {
        let kube = isKubernetes
        var n = 0
        for a in groups[s].members { for b in groups[d].members where members[a].isJudged(to: members[b], kubernetes: kube) { n += 1 } }
        return n
    }

    /// A judged pair of members of the two groups (the first found).
    private func representatives(_ s: Int, _ d: Int) -> (Int, Int)? {
        let kube = isKubernetes
        for a in groups[s].members {
            for b in groups[d].members where members[a].isJudged(to: members[b], kubernetes: kube) { return (a, b) }
        }
        return nil
    }

    private func evaluate(_ s: Member, _ d: Member) -> ConnectionSet {
        switch judge {
        case .kubernetes(let network, let engine): return engine.connections(on: network, from: s.kube!, to: d.kube!)
        case .fabric(let plane): return plane.connections(s, d)
        }
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
        var lo = 0, hi = atoms.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if atoms[mid].first <= address { lo = mid + 1 } else { hi = mid }
        }
        guard lo > 0, address <= atoms[lo - 1].last else { return nil }
        return atoms[lo - 1].member
    }
}
