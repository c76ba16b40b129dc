import InterlockCore
import Manifests
import Policy

extension CompiledEngine {
    /// The connections from every source to every destination on `network`, by class: endpoints that
    /// share their table rows and columns, isolation domain and the nodes the own-node rule compares
    /// (`VerdictIndex.pairClasses`) share a class, and each pair of classes is read from the tables once.
    /// `nil` for a network the engine did not compile, or whose tables are Cilium's or Calico's.
    public func classConnectivity(
        on network: Network, sources: [PolicyEndpoint], destinations: [PolicyEndpoint]
    ) -> ClassConnectivity? {
        // Cilium's tables and Calico's answer pair by pair (their classes are cut finer than the rows).
        guard let net = network == .pod ? podNetwork : networks[network], net.cilium == nil, !calicoTables(network)
        else { return nil }
        let index = net.index
        let s = sources.map { net.catalog.id(of: $0) }
        let d = destinations.map { net.catalog.id(of: $0) }
        let (sourceClass, sourceRecords, destinationClass, destinationRecords) = index.pairClasses(
            sources: s, destinations: d)
        var setOf: [UInt64: Int32] = [:]
        var sets: [ConnectionSet] = []
        let allowed = sourceRecords.map { es in
            var row: [(destination: Int32, set: Int32)] = []
            for (dc, ed) in destinationRecords.enumerated() where !index.isolated(es, ed) {
                let (e, i) = index.cells(es, ed)
                let egress = e < 0 ? -1 : index.entry(0, at: e)
                let ingress = i < 0 ? -1 : index.entry(1, at: i)
                let key = UInt64(egress + 1) << 32 | UInt64(ingress + 1)
                let set: Int32
                if let known = setOf[key] {
                    set = known
                } else {
                    let conns = connections(net, egress: egress, ingress: ingress)
                    set = conns.isEmpty ? -1 : Int32(sets.count)
                    if !conns.isEmpty { sets.append(conns) }
                    setOf[key] = set
                }
                if set >= 0 { row.append((Int32(dc), set)) }
            }
            return row
        }
        return ClassConnectivity(
            sourceClass: sourceClass, destinationClass: destinationClass, allowed: allowed, sets: sets)
    }
}
