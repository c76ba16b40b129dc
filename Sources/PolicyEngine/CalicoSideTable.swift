import InterlockCore
import Manifests
import Policy

extension SideTable {
    /// One direction's table under Calico's enforcement (`--cni calico`, pod network), decided through the
    /// reference evaluator once per (subject class, peer class, port atom): the class partition already
    /// tells apart everything a Calico rule looks at (namespace, labels, container ports, the address
    /// atoms cut at every `nets`, `notNets` and network set), so every member of a class gets its
    /// representative's answer. Protocols without ports are answered by the reference evaluator at
    /// lookup (Calico rules tell them apart, the tables' single portless bit cannot).
    static func calico(direction: Direction, catalog: EndpointCatalog, layout: PortAtoms, reference: ReferenceEvaluator)
        -> SideTable
    {
        let members = catalog.members(upTo: 2)
        let count = catalog.classes.count
        var store = ProfileStore(wordCount: layout.wordCount)
        var everything = [UInt64](repeating: 0, count: layout.wordCount)
        layout.setEverything(in: &everything)
        let open = everything.withUnsafeBufferPointer { store.intern($0.baseAddress!) }
        var compactor = TableCompactor(columnCount: count)
        var rowOf = [Int32](repeating: -1, count: count)
        for (c, cls) in catalog.classes.enumerated() where cls.kind == .pod || cls.kind == .hostPod {
            let subject = members[c][0]
            var row = [UInt32](repeating: open, count: count)
            for d in 0..<count {
                // Two members of one class: the class's representative twice would be one endpoint.
                guard let peer = c == d ? members[d].dropFirst().first : members[d][0] else { continue }
                var words = [UInt64](repeating: 0, count: layout.wordCount)
                for (s, proto) in PortAtoms.portedProtocols.enumerated() {
                    for (k, port) in layout.starts[s].enumerated() {
                        let (from, to) = direction == .egress ? (subject, peer) : (peer, subject)
                        let q = Query(network: catalog.network, source: from, destination: to, proto: proto, port: port)
                        if reference.sideAllows(direction, q) { PortAtoms.set(layout.offsets[s] + k, in: &words) }
                    }
                }
                row[d] = words.withUnsafeBufferPointer { store.intern($0.baseAddress!) }
            }
            rowOf[c] = compactor.add(row)
        }
        let (rows, columnMap) = compactor.compactColumns()
        let columnCount = rows.first?.count ?? columnMap.reduce(0) { max($0, Int($1) + 1) }
        let columnOf = (0..<count).map { columnMap[$0] }
        return SideTable(
            direction: direction, rowOf: rowOf, columnOf: columnOf, ownNodeColumnOf: columnOf,
            entries: EntryTable(rows: rows, columnCount: columnCount, profileCount: store.count), profiles: store)
    }
}

extension EndpointCatalog {
    /// Up to `limit` members of every class, in endpoint order (the representative first).
    func members(upTo limit: Int) -> [[PolicyEndpoint]] {
        var out = classes.map { [$0.representative] }
        for id in 0..<endpointCount {
            let c = Int(classOf[id])
            guard out[c].count < limit else { continue }
            let endpoint = self.endpoint(id, address: external.firstAddress(of: id - podCount - nodeCount))
            if endpoint != out[c][0] { out[c].append(endpoint) }
        }
        return out
    }
}
