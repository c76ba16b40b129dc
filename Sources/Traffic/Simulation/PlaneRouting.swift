import Fabric
import InterlockCore

/// How flows are routed: as the fabric says per plane, or forced.
public enum RoutingChoice: String, CaseIterable, Sendable {
    /// Ethernet ECMP: a five-tuple (and QP) hash per switch.
    case ecmp
    /// InfiniBand D-mod-K: by destination.
    case dmodk
    /// Every flow split evenly over all equal-cost paths (an ideal load balancer, for comparison).
    case fluid
}

/// Elements removed before routing (what-if analysis): routes are recomputed without them, as a
/// subnet manager or BGP would.
public struct Failures: Sendable {
    /// Links taken out.
    public var links: Set<LinkID>
    /// Switches taken out, with every link they end.
    public var devices: Set<DeviceID>

    /// Failures of `links` and `devices` (none by default).
    public init(links: Set<LinkID> = [], devices: Set<DeviceID> = []) {
        self.links = links
        self.devices = devices
    }

    /// Resolves `--fail-link ID` and `--fail-switch NAME` against the fabric.
    ///
    /// - Throws: `InputError` for a link id out of range, a name no device has, or a device that is not
    ///   a switch.
    public static func resolve(links: [Int], switches: [String], in fabric: FabricGraph) throws(InputError) -> Failures
    {
        var out = Failures()
        for id in links {
            guard id >= 0, id < fabric.links.count else {
                throw InputError(
                    "--fail-link \(id): no such link (the fabric has links 0-\(fabric.links.count - 1); `interlock topology expand` lists them)"
                )
            }
            out.links.insert(LinkID(id))
        }
        for name in switches {
            guard let d = fabric.device(named: name) else { throw InputError("--fail-switch \(name): no such switch") }
            guard fabric.devices[Int(d)].kind == .switch else {
                throw InputError("--fail-switch \(name): '\(name)' is a \(fabric.devices[Int(d)].kind), not a switch")
            }
            out.devices.insert(d)
        }
        return out
    }

    /// Whether nothing fails.
    public var isEmpty: Bool { links.isEmpty && devices.isEmpty }
}

/// One router per plane that carries traffic, built once with the failures removed.
struct PlaneRouting: Sendable {
    let routers: [Router?]
    let choice: RoutingChoice?

    init(fabric: FabricGraph, planes: Set<Plane>, choice: RoutingChoice?, failures: Failures) {
        var routers = [Router?](repeating: nil, count: Plane.allCases.count)
        let mode: RoutingMode? =
            switch choice {
            case .ecmp: .ecmp
            case .dmodk: .dmodk
            case .fluid, nil: nil
            }
        for plane in planes {
            routers[Int(plane.rawValue)] = Router(
                fabric: fabric, plane: plane, mode: mode,
                failedLinks: failures.links, failedDevices: failures.devices)
        }
        self.routers = routers
        self.choice = choice
    }

    /// The router of a plane the routing was built for.
    func router(_ plane: Plane) -> Router { routers[Int(plane.rawValue)]! }

    /// The routing each plane uses, as reports name it.
    func modeName(_ plane: Plane) -> String {
        if choice == .fluid { return "fluid" }
        return routers[Int(plane.rawValue)].map { $0.mode.rawValue } ?? "-"
    }
}
