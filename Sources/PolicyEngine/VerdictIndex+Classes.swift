extension VerdictIndex {
    /// What decides a pair from one end: the end's table row, columns and isolation domain, and the
    /// nodes the own-node rule compares.
    private struct PairKey: Hashable {
        var row: Int32, column: Int32, ownNodeColumn: Int32
        var domain: Int32, subjectNode: Int32, peerNode: Int32
    }

    /// Classes of `sources` and `destinations` (endpoint ids) such that `cells` and `isolated` give the same
    /// answer for every pair of distinct endpoints of two classes, with one record per class to ask them
    /// with. Nodes enter a record only where the own-node rule can compare them within these endpoints (a
    /// subject node some listed end is the peer node of, and the converse), so that classes stay few.
    func pairClasses(sources: [Int], destinations: [Int]) -> (
        sourceClass: [Int32], sourceRecords: [EndpointRecord],
        destinationClass: [Int32], destinationRecords: [EndpointRecord]
    ) {
        var peerNodes = Set<Int32>()
        var subjectNodes = Set<Int32>()
        if isPodNetwork {
            for e in sources + destinations {
                if endpoints[e].peerNode >= 0 { peerNodes.insert(endpoints[e].peerNode) }
                if endpoints[e].subjectNode >= 0 { subjectNodes.insert(endpoints[e].subjectNode) }
            }
        }
        func classes(_ ids: [Int], source: Bool) -> ([Int32], [EndpointRecord]) {
            var classOf: [PairKey: Int32] = [:]
            var records: [EndpointRecord] = []
            let out = ids.map { e in
                var r = endpoints[e]
                if !peerNodes.contains(r.subjectNode) { r.subjectNode = -1 }
                if !subjectNodes.contains(r.peerNode) { r.peerNode = -1 }
                let key =
                    source
                    ? PairKey(
                        row: r.egressRow, column: r.ingressColumn, ownNodeColumn: r.ingressOwnNodeColumn,
                        domain: r.domain, subjectNode: r.subjectNode, peerNode: r.peerNode)
                    : PairKey(
                        row: r.ingressRow, column: r.egressColumn, ownNodeColumn: r.egressOwnNodeColumn,
                        domain: r.domain, subjectNode: r.subjectNode, peerNode: r.peerNode)
                if let known = classOf[key] { return known }
                classOf[key] = Int32(records.count)
                records.append(r)
                return Int32(records.count - 1)
            }
            return (out, records)
        }
        let (sourceClass, sourceRecords) = classes(sources, source: true)
        let (destinationClass, destinationRecords) = classes(destinations, source: false)
        return (sourceClass, sourceRecords, destinationClass, destinationRecords)
    }
}
