/// The up-links of one switch grouped as OpenSM's fat-tree routing engine groups ports: "ports
/// that are connected to the same remote switch are referenced as 'port group'"
/// (opensm/doc/current-routing.txt). Routing a destination up from a switch, the engine takes the
/// least loaded up-going port group, then the least loaded port of that group
/// (`fabric_route_downgoing_by_going_up` in opensm/osm_ucast_ftree.c), destinations in leaf order:
/// consecutive destinations leave by consecutive groups, and a group's second cable is taken only
/// once every group has carried one. `order` lists the ports in that order.
struct PortGroups {
    /// Distinct neighbours.
    let count: Int
    /// Offsets into the up list: the first cable to each neighbour (neighbours in order of their
    /// first link), then the second cable to each, and so on.
    let order: [Int32]

    /// Groups the up list whose far ends are `neighbours` (one entry per link, in link order).
    init(neighbours: [Int32]) {
        var group: [Int32: Int] = [:]
        var cable: [Int] = []
        var seen: [Int] = []
        for n in neighbours {
            let g = group[n] ?? group.count
            group[n] = g
            if g == seen.count { seen.append(0) }
            cable.append(seen[g])
            seen[g] += 1
        }
        let groupOf = neighbours.map { group[$0]! }
        count = group.count
        order = neighbours.indices.sorted { (cable[$0], groupOf[$0]) < (cable[$1], groupOf[$1]) }.map { Int32($0) }
    }
}
