import InterlockCore
import Manifests
import Policy

/// Builds a `SideTable`: classifies subjects into rows and peers into columns, compiles the rules of
/// the direction, then evaluates every row against all columns at once, tier by tier, on port-atom
/// bit sets, exactly as the reference evaluator orders the tiers:
/// admin (first match per atom; Allow and Deny decide, Pass goes on) → NetworkPolicy (when any selects
/// the pod: allowed where a rule matches or the peer is the pod's own node, denied elsewhere) →
/// baseline (first match; Pass and no match fall to the default) → default allow.
struct SideTableBuilder {
    let direction: Direction
    let network: Network
    let catalog: EndpointCatalog
    let policies: PolicySet
    let layout: PortAtoms
    /// Per class: the id of its container ports (named-port signature), -1 when not a pod.
    let namedOf: [Int32]
    let namedPorts: [[ContainerPort]]
    let labels: ClassLabelIndex

    var rules: [CompiledRule] = []
    /// Rule indices (into `rules`) per admin policy and per NetworkPolicy, in order.
    var adminRules: [[Int]] = []
    var networkPolicyRules: [[Int]] = []
    /// Memoised atoms; `fillRows` gives each block of rows its own.
    private(set) var atomCache = AtomCache()

    init(
        direction: Direction, network: Network, catalog: EndpointCatalog, policies: PolicySet, layout: PortAtoms,
        namedOf: [Int32], namedPorts: [[ContainerPort]], labels: ClassLabelIndex
    ) {
        self.labels = labels
        self.direction = direction
        self.network = network
        self.catalog = catalog
        self.policies = policies
        self.layout = layout
        self.namedOf = namedOf
        self.namedPorts = namedPorts
    }

    mutating func build(evaluator: ReferenceEvaluator, inventory: Inventory) -> SideTable {
        let plan = prepare(evaluator: evaluator, inventory: inventory)
        return table(plan, [fillRows(plan.rowKeys[...], columnKeys: plan.columnKeys)])
    }

    /// Rows and columns of a table before its rows are evaluated.
    struct Plan {
        /// Per class: its row, -1 for classes nothing selects.
        var rowOf: [Int32]
        var rowKeys: [SideTable.RowKey]
        /// Per class: its column, and its column as the subject's own node.
        var columnOf: [Int32]
        var ownNodeColumnOf: [Int32]
        var columnKeys: [SideTable.ColumnKey]
    }

    /// Classifies subjects into rows and peers into columns and compiles the direction's rules.
    mutating func prepare(evaluator: ReferenceEvaluator, inventory: Inventory) -> Plan {
        let (rowOf, rowKeys) = classifySubjects()
        var matcher = PeerMatcher(catalog: catalog, labels: labels, evaluator: evaluator, inventory: inventory)
        let (columnOf, ownNodeColumnOf, columnKeys, specIndex) = classifyPeers(&matcher)
        compileRules(specIndex: specIndex, columnKeys: columnKeys)
        return Plan(
            rowOf: rowOf, rowKeys: rowKeys, columnOf: columnOf, ownNodeColumnOf: ownNodeColumnOf,
            columnKeys: columnKeys)
    }

    /// Some consecutive rows, evaluated: each distinct row once, in order of first appearance, with
    /// the profile ids of a store of their own, and the distinct row of each row.
    struct RowBlock {
        var distinct: [[UInt32]]
        var rowOf: [Int32]
        var store: ProfileStore
    }

    /// Evaluates the rows `keys` (of a prepared builder) with a store and an atom cache of their own,
    /// so that blocks of rows can be evaluated on several threads.
    func fillRows(_ keys: ArraySlice<SideTable.RowKey>, columnKeys: [SideTable.ColumnKey]) -> RowBlock {
        var builder = self
        builder.atomCache = AtomCache()
        var store = ProfileStore(wordCount: layout.wordCount)
        var everything = [UInt64](repeating: 0, count: layout.wordCount)
        layout.setEverything(in: &everything)
        let state = RowState(columns: columnKeys.count, words: layout.wordCount, everything: everything)
        let columnNamed = columnKeys.map(\.named)
        let ownNode = columnKeys.map(\.ownNode)
        var distinct = Interner<ProfileVector>()
        var scratch = [UInt32](repeating: 0, count: columnKeys.count)
        var rowOf: [Int32] = []
        for key in keys {
            scratch.withUnsafeMutableBufferPointer { row in
                builder.fillRow(
                    key, into: row.baseAddress!, state: state, store: &store, columnNamed: columnNamed, ownNode: ownNode
                )
            }
            rowOf.append(distinct.id(ProfileVector(ids: scratch)))
        }
        return RowBlock(distinct: distinct.values.map(\.ids), rowOf: rowOf, store: store)
    }

    /// The table of `plan` from the blocks of its rows in order. Each block's profiles join one store
    /// in the order the block first met them, so that they are numbered as when one store meets them
    /// row by row; identical rows, then identical columns, are merged.
    func table(_ plan: Plan, _ blocks: [RowBlock]) -> SideTable {
        var store = ProfileStore(wordCount: layout.wordCount)
        var compactor = TableCompactor(columnCount: plan.columnKeys.count)
        var rowMap: [Int32] = []
        for block in blocks {
            let ids = block.store.words.withUnsafeBufferPointer { words in
                (0..<block.store.count).map { store.intern(words.baseAddress! + $0 * layout.wordCount) }
            }
            let rows = block.distinct.map { row in compactor.add(row.map { ids[Int($0)] }) }
            rowMap += block.rowOf.map { rows[Int($0)] }
        }
        let (rows, columnMap) = compactor.compactColumns()
        let columnCount = rows.first?.count ?? columnMap.reduce(0) { max($0, Int($1) + 1) }
        return SideTable(
            direction: direction,
            rowOf: plan.rowOf.map { $0 < 0 ? -1 : rowMap[Int($0)] },
            columnOf: plan.columnOf.map { columnMap[Int($0)] },
            ownNodeColumnOf: plan.ownNodeColumnOf.map { columnMap[Int($0)] },
            entries: EntryTable(rows: rows, columnCount: columnCount, profileCount: store.count),
            profiles: store)
    }

    /// Rows evaluated as one unit of parallel work, at least.
    static let rowsPerBlock = 16

    /// The tables of `builders` (one per direction): each one's classes and rules prepared on a
    /// thread of its own, then the rows of all in blocks on up to `threads` threads, each table
    /// assembled from its blocks in order (the same tables for any count, and any `rowsPerBlock`:
    /// by default about four blocks a thread, of at least `rowsPerBlock` rows).
    static func tables(
        _ builders: [SideTableBuilder], evaluator: ReferenceEvaluator, inventory: Inventory, threads: Int,
        rowsPerBlock given: Int? = nil
    ) -> [SideTable] {
        let prepared = Parallel.map(builders.count, threads: threads) { i in
            var builder = builders[i]
            let plan = builder.prepare(evaluator: evaluator, inventory: inventory)
            return (builder: builder, plan: plan)
        }
        var blocks: [(table: Int, rows: Range<Int>)] = []
        for (i, entry) in prepared.enumerated() {
            let count = entry.plan.rowKeys.count
            let size = given ?? max(rowsPerBlock, (count + 4 * threads - 1) / max(1, 4 * threads))
            for start in stride(from: 0, to: count, by: size) { blocks.append((i, start..<min(count, start + size))) }
        }
        let filled = Parallel.map(blocks.count, threads: threads) { k in
            let entry = prepared[blocks[k].table]
            return entry.builder.fillRows(entry.plan.rowKeys[blocks[k].rows], columnKeys: entry.plan.columnKeys)
        }
        return prepared.indices.map { i in
            prepared[i].builder.table(prepared[i].plan, zip(blocks, filled).filter { $0.0.table == i }.map(\.1))
        }
    }

    // MARK: Rows

    /// Subject classes → rows; -1 for classes nothing selects (or that cannot be selected).
    private func classifySubjects() -> ([Int32], [RowKeyAlias]) {
        var keys = [RowKeyAlias](
            repeating: RowKeyAlias(admin: [], baseline: [], networkPolicies: [], named: -1),
            count: catalog.classes.count)
        let admin = network == .pod ? policies.adminPolicies : []
        // Whether each admin policy's subject selects each namespace's pods, decided once per
        // (policy, namespace); a `pods` subject then also tests the pod selector per class.
        var namespaceSelected: [String: [Bool]] = [:]
        for (c, cls) in catalog.classes.enumerated() where cls.kind == .pod {
            guard let pod = cls.facts.pod else { continue }
            if namespaceSelected[cls.namespace] == nil {
                namespaceSelected[cls.namespace] = admin.map { p in
                    switch p.subject {
                    case .namespaces(let s), .pods(let s, _): return s.matches(cls.facts.namespaceLabels)
                    }
                }
            }
            let selected = namespaceSelected[cls.namespace]!
            for (i, p) in admin.enumerated() where selected[i] {
                if case .pods(_, let podSelector) = p.subject, !podSelector.matches(pod.labels) { continue }
                if p.tier == .admin { keys[c].admin.append(Int32(i)) } else { keys[c].baseline.append(Int32(i)) }
            }
        }
        // Each NetworkPolicy is tested only on its namespace's classes that can match its selector;
        // policies are visited in order, so every key's list stays ascending.
        for (i, p) in policies.networkPolicies.enumerated() where p.applies(on: network) && p.affects(direction) {
            for c in labels.candidates(in: p.namespace, for: p.podSelector)
            where p.podSelector.matches(catalog.classes[c].facts.pod?.labels ?? [:]) {
                keys[c].networkPolicies.append(Int32(i))
            }
        }
        var rows = Interner<RowKeyAlias>()
        var rowOf = [Int32](repeating: -1, count: catalog.classes.count)
        for (c, cls) in catalog.classes.enumerated() where cls.kind == .pod || cls.kind == .hostPod {
            var key = keys[c]
            if key.admin.isEmpty && key.baseline.isEmpty && key.networkPolicies.isEmpty { continue }
            if direction == .ingress { key.named = namedOf[c] }
            rowOf[c] = rows.id(key)
        }
        return (rowOf, rows.values)
    }

    typealias RowKeyAlias = SideTable.RowKey

    // MARK: Columns

    /// Peer classes → columns, with own-node columns for node-like classes on the pod network.
    private func classifyPeers(_ matcher: inout PeerMatcher)
        -> (columnOf: [Int32], ownNode: [Int32], keys: [SideTable.ColumnKey], specIndex: [PeerSpec: Int32])
    {
        var specIndex: [PeerSpec: Int32] = [:]
        var specsOf = [[Int32]](repeating: [], count: catalog.classes.count)
        for spec in directionSpecs() where specIndex[spec] == nil {
            let id = Int32(specIndex.count)
            specIndex[spec] = id
            for c in matcher.classes(matching: spec) { specsOf[c].append(id) }
        }
        var columns = Interner<SideTable.ColumnKey>()
        var columnOf: [Int32] = []
        var ownNode: [Int32] = []
        for (c, cls) in catalog.classes.enumerated() {
            let key = SideTable.ColumnKey(
                specs: specsOf[c], named: direction == .egress ? namedOf[c] : -1, ownNode: false)
            let col = columns.id(key)
            columnOf.append(col)
            if network == .pod && cls.kind == .nodeLike && cls.facts.node != nil {
                var own = key
                own.ownNode = true
                ownNode.append(columns.id(own))
            } else {
                ownNode.append(col)
            }
        }
        return (columnOf, ownNode, columns.values, specIndex)
    }

    /// Every peer spec of the direction's rules, in rule order.
    private func directionSpecs() -> [PeerSpec] {
        var out: [PeerSpec] = []
        if network == .pod {
            for p in policies.adminPolicies {
                for rule in p.rules(direction) { out += rule.peers.map { PeerSpec.admin($0.peer) } }
            }
        }
        for p in policies.networkPolicies where p.applies(on: network) && p.affects(direction) {
            for rule in p.rules(direction) {
                out += (rule.peers ?? []).map { PeerSpec($0.peer, policyNamespace: p.namespace) }
            }
        }
        return out
    }

    // MARK: Rules

    private mutating func compileRules(specIndex: [PeerSpec: Int32], columnKeys: [SideTable.ColumnKey]) {
        var columnsOfSpec = [[Int32]](repeating: [], count: specIndex.count)
        for (col, key) in columnKeys.enumerated() {
            for s in key.specs { columnsOfSpec[Int(s)].append(Int32(col)) }
        }
        func columns(_ specs: [PeerSpec]) -> [Int32] {
            var set = Set<Int32>()
            for spec in specs { if let s = specIndex[spec] { set.formUnion(columnsOfSpec[Int(s)]) } }
            return set.sorted()
        }
        let admin = network == .pod ? policies.adminPolicies : []
        adminRules = admin.map { policy in
            policy.rules(direction).map { rule in
                let action: CompiledRule.Action =
                    switch rule.action {
                    case .allow: .allow
                    case .deny: .deny
                    case .pass: .pass
                    }
                return add(
                    CompiledRule(
                        action: action, columns: columns(rule.peers.map { .admin($0.peer) }),
                        failClosed: rule.action != .allow && rule.peers.contains { $0.peer == .empty },
                        ports: rule.ports.map { .admin($0) } ?? .everything))
            }
        }
        networkPolicyRules = policies.networkPolicies.map { policy in
            guard policy.applies(on: network) && policy.affects(direction) else { return [] }
            return policy.rules(direction).map { rule in
                // "If this field is empty or missing, this rule matches all sources/destinations."
                let cols: [Int32]? = rule.peers.map { peers in
                    columns(peers.map { PeerSpec($0.peer, policyNamespace: policy.namespace) })
                }
                return add(
                    CompiledRule(
                        action: .allow, columns: cols, failClosed: false,
                        ports: rule.ports.map { .networkPolicy($0) } ?? .everything))
            }
        }
    }

    /// Appends a rule, with its atoms when they do not depend on the destination; returns its index.
    private mutating func add(_ rule: CompiledRule) -> Int {
        var rule = rule
        if !rule.ports.usesNames { rule.fixedAtoms = rule.atoms(layout, destinationPorts: nil) }
        rules.append(rule)
        return rules.count - 1
    }

    /// The atoms rule `r` matches toward a destination with named-port signature `named`.
    @inline(__always)
    func atoms(_ r: Int, named: Int32) -> [UInt64] {
        if let fixed = rules[r].fixedAtoms { return fixed }
        let key = r * (namedPorts.count + 1) + Int(named) + 1
        if let cached = atomCache.values[key] { return cached }
        let value = rules[r].atoms(layout, destinationPorts: named >= 0 ? namedPorts[Int(named)] : nil)
        atomCache.values[key] = value
        return value
    }
}

/// Port atoms of (rule, destination named-port signature), computed once.
final class AtomCache {
    var values: [Int: [UInt64]] = [:]
}
