import Fabric

/// A flow sink that routes each flow and groups the routed ones into fair-share classes: same
/// communicator, same link directions, same bytes. Unroutable flows are counted per communicator.
struct FlowClassCollector: FlowSink {
    private struct Key: Hashable {
        var communicator: Int
        var directions: [Int]
        var bytes: Double
    }

    let fabric: FabricGraph
    let router: Router
    private let cache: RouteCache
    private var path: [LinkID] = []
    private var index: [Key: Int] = [:]
    /// The classes, in the order their first flow came.
    private(set) var classes: [FluidFlowClass] = []
    /// Flows with no path, per communicator.
    private(set) var unroutable: [Int]
    /// The communicator the flows accepted next belong to.
    var communicator = 0

    init(fabric: FabricGraph, router: Router, communicators: Int) {
        self.fabric = fabric
        self.router = router
        cache = RouteCache(router: router)
        unroutable = [Int](repeating: 0, count: communicators)
    }

    mutating func accept(_ f: FlowRecord) {
        guard f.bytes > 0 else { return }
        guard router.route(from: f.source, to: f.destination, flow: f.key, into: &path, cache: cache) else {
            unroutable[communicator] += 1
            return
        }
        var at = f.source
        var directions: [Int] = []
        directions.reserveCapacity(path.count)
        for l in path {
            let link = fabric.links[Int(l)]
            let upward = link.lower == at
            directions.append(LinkLoads.index(l, upward: upward))
            at = upward ? link.upper : link.lower
        }
        let key = Key(communicator: communicator, directions: directions, bytes: f.bytes)
        if let k = index[key] {
            classes[k].count += 1
        } else {
            index[key] = classes.count
            classes.append(
                FluidFlowClass(communicator: communicator, directions: directions, bytes: f.bytes, count: 1))
        }
    }

    /// NVLink bytes do not cross the fabric's links: fair sharing ignores them.
    mutating func acceptLocal(bytes: Double, flows: Int) {}
}
