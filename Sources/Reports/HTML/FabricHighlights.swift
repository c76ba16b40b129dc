import Fabric
import Findings

/// The links on the paths of findings about fabric planes: for each finding whose network is a
/// plane and whose endpoints are fabric devices, the first equal-cost path between them.
enum FabricHighlights {
    static func links(_ findings: [Finding], fabric: FabricGraph) -> [Plane: Set<LinkID>] {
        var out: [Plane: Set<LinkID>] = [:]
        var routers: [Plane: Router] = [:]
        for f in findings {
            guard let network = f.network, let plane = Plane(name: network),
                let s = f.source.flatMap({ device($0.name, fabric) }),
                let t = f.destination.flatMap({ device($0.name, fabric) })
            else { continue }
            let router = routers[plane] ?? Router(fabric: fabric, plane: plane)
            routers[plane] = router
            guard let path = router.paths(from: s, to: t, limit: 1).first else { continue }
            for (a, b) in zip(path, path.dropFirst()) {
                out[plane, default: []].formUnion(fabric.links(between: a, b))
            }
        }
        return out
    }

    /// The device a finding names: `dgx0001-nic3`, or `dgx0001[frontend]` for a host's port.
    private static func device(_ name: String, _ fabric: FabricGraph) -> DeviceID? {
        if let d = fabric.device(named: name) { return d }
        guard name.hasSuffix("]"), let open = name.lastIndex(of: "[") else { return nil }
        return fabric.device(named: String(name[..<open]))
    }
}
