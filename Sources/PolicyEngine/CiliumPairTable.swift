import Foundation
import InterlockCore
import Manifests
import Policy

/// The pod network's verdicts under `--cni cilium`: Cilium's tier is not compiled into side tables; the
/// catalog's classes are refined so that members of a class are alike to every Cilium rule (node and service
/// account join the class key, see `EndpointCatalog`), and each pair of classes is decided once through the
/// reference evaluator, then read from this cache. Thread-safe.
final class CiliumPairTable: @unchecked Sendable {
    private struct Key: Hashable {
        var source: Int32
        var destination: Int32
        /// The two ends are one endpoint (which may always reach itself).
        var same: Bool
        /// A protocol without ports; 0 for the connection set of the ported protocols.
        var proto: UInt8
    }

    private let lock = NSLock()
    private var sets: [Key: ConnectionSet] = [:]
    private var portless: [Key: Bool] = [:]
    private let catalog: EndpointCatalog
    private let reference: ReferenceEvaluator

    init(catalog: EndpointCatalog, reference: ReferenceEvaluator) {
        self.catalog = catalog
        self.reference = reference
    }

    /// The endpoint of an endpoint id (an external atom's first address).
    private func endpoint(_ id: Int) -> PolicyEndpoint {
        if id < catalog.podCount { return .pod(id) }
        if id < catalog.podCount + catalog.nodeCount { return .node(id - catalog.podCount) }
        return .external(catalog.external.firstAddress(of: id - catalog.podCount - catalog.nodeCount))
    }

    private func key(_ s: Int, _ d: Int, _ proto: UInt8) -> Key {
        Key(source: catalog.classOf[s], destination: catalog.classOf[d], same: s == d, proto: proto)
    }

    /// Every allowed (protocol, port) from endpoint id `s` to endpoint id `d` on the pod network.
    func connections(_ s: Int, _ d: Int) -> ConnectionSet {
        let k = key(s, d, 0)
        lock.lock()
        if let known = sets[k] {
            lock.unlock()
            return known
        }
        lock.unlock()
        let value = reference.connections(on: .pod, from: endpoint(s), to: endpoint(d))
        lock.lock()
        sets[k] = value
        lock.unlock()
        return value
    }

    /// Whether `proto`/`port` from endpoint id `s` to endpoint id `d` is allowed.
    func allows(_ s: Int, _ d: Int, _ proto: IPProtocol, _ port: UInt16?) -> Bool {
        if IPProtocol.policyProtocols.contains(proto), let port { return connections(s, d)[proto].contains(port) }
        let k = key(s, d, proto.rawValue)
        lock.lock()
        if let known = portless[k] {
            lock.unlock()
            return known
        }
        lock.unlock()
        let value = reference.isAllowed(
            Query(network: .pod, source: endpoint(s), destination: endpoint(d), proto: proto, port: port))
        lock.lock()
        portless[k] = value
        lock.unlock()
        return value
    }
}
