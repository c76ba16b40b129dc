import InterlockCore

/// Zone-to-zone reachability over every view: for each ordered pair of zones, how many judged member
/// pairs exist, how many of them have at least one allowed connection, and how many break a rule.
public struct ZoneMatrix: Sendable {
    /// One (source zone, destination zone) cell.
    public struct Cell: Sendable, Equatable {
        /// Member pairs judged (pairs of endpoints of the two zones on a common view).
        public var pairs: Int = 0
        /// Of those, pairs with any allowed connection.
        public var reachable: Int = 0
        /// Of those, pairs in a violating pair of groups.
        public var violating: Int = 0

        /// A cell's counts (all zero by default).
        public init(pairs: Int = 0, reachable: Int = 0, violating: Int = 0) {
            self.pairs = pairs
            self.reachable = reachable
            self.violating = violating
        }

        /// `reachable / pairs` (0 when there are no pairs).
        public var fraction: Double { pairs == 0 ? 0 : Double(reachable) / Double(pairs) }
    }

    /// Zone names, rows (sources) and columns (destinations) alike.
    public var zones: [String]
    /// `cells[source][destination]`.
    public var cells: [[Cell]]

    /// A matrix of `zones.count` rows of `zones.count` cells each (empty by default).
    public init(zones: [String] = [], cells: [[Cell]] = []) {
        self.zones = zones
        self.cells = cells
    }
}

extension IntentChecker {
    /// The matrix of the zones that have members, computed group pair by group pair (member pairs
    /// are counted by group sizes; the few self-pairs and own-node pairs inside are not subtracted
    /// for groups of more than 100 members). Violations come from `violations`.
    public func matrix() -> ZoneMatrix {
        let present = catalog.zones.indices.filter { z in
            spaces.contains { $0.members.contains { $0.zones.contains(z) } }
        }
        let position = Dictionary(uniqueKeysWithValues: present.enumerated().map { ($1, $0) })
        var cells = [[ZoneMatrix.Cell]](
            repeating: [ZoneMatrix.Cell](repeating: .init(), count: present.count), count: present.count)
        let violatingPairs = violatingGroupPairs()
        for (k, space) in spaces.enumerated() {
            for gs in space.groups.indices where !space.groups[gs].zones.isEmpty {
                for gd in space.groups.indices where !space.groups[gd].zones.isEmpty {
                    guard let (set, _, _) = space.connections(gs, gd) else { continue }
                    let a = space.groups[gs].members.count
                    let b = space.groups[gd].members.count
                    let pairs = a * b <= 10_000 ? space.judgedPairs(gs, gd) : a * b
                    let bad = violatingPairs.contains(PairKey(space: k, source: gs, destination: gd))
                    for zs in present where space.groups[gs].zones.contains(zs) {
                        for zd in present where space.groups[gd].zones.contains(zd) {
                            cells[position[zs]!][position[zd]!].pairs += pairs
                            if !set.isEmpty { cells[position[zs]!][position[zd]!].reachable += pairs }
                            if bad { cells[position[zs]!][position[zd]!].violating += pairs }
                        }
                    }
                }
            }
        }
        return ZoneMatrix(zones: present.map { catalog.zones[$0].name }, cells: cells)
    }

    struct PairKey: Hashable { var space: Int, source: Int, destination: Int }

    /// Group pairs that break some rule (recomputed; cheap next to the findings' witnesses).
    private func violatingGroupPairs() -> Set<PairKey> {
        var out = Set<PairKey>()
        for r in rules.indices {
            for k in spaces.indices where rules[r].applies(on: spaces[k].view) {
                for v in violations(of: r, in: k) ?? [] {
                    out.insert(PairKey(space: k, source: v.sourceGroup, destination: v.destinationGroup))
                }
            }
        }
        return out
    }
}
