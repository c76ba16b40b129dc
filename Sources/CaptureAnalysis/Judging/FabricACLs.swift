import Capture
import Fabric
import FabricACL
import Findings
import InterlockCore

/// The fabric ACLs of each plane, compiled once: an ACL attached to a plane filters every packet on
/// that plane; one attached to a switch filters the packets whose route crosses that switch.
///
/// Switch ACLs are stateless and see every packet in both directions, so each observed direction
/// of a connection is classified on its own headers (a reply must be permitted too). They match
/// IPv4 headers only, the outer ones of tunnelled traffic (that is what the switch sees).
final class FabricACLs {
    struct Compiled {
        var acl: ACL
        var classifier: DecisionTreeClassifier
        /// Where it applies, as explanations say it: `plane storage`, `switch leaf-su1-r0`.
        var place: String
    }

    /// A packet direction an ACL denies.
    struct Denial {
        var acl: ACL
        /// The matching rule (index), or -1 for the ACL's default action.
        var rule: Int
        var place: String
        /// The direction's header.
        var header: PacketHeader
        /// Whether it is the direction toward the requester (replies).
        var reply: Bool

        var location: SourceLocation? { rule >= 0 ? acl.rules[rule].location ?? acl.location : acl.location }

        var reason: FindingReason {
            let what =
                rule >= 0
                ? "rule \(rule)" + (acl.rules[rule].remark.map { " '\($0)'" } ?? "") + " denies"
                : "no rule matches: the default action denies"
            // Name the service port, not the ephemeral one, so that merged connections share the text.
            let s = IPv4Address(header.source)
            let d = IPv4Address(header.destination)
            let proto = IPProtocol(rawValue: header.proto)
            let packets =
                reply
                ? "replies \(s):\(header.sourcePort) -> \(d) \(proto)"
                : "\(s) -> \(d):\(header.destinationPort) \(proto)"
            return FindingReason(
                side: .acl, text: "FabricACL \(acl.name) on \(place): \(what) \(packets)", location: location)
        }
    }

    let fabric: FabricGraph?
    private let byPlane: [Plane: [Compiled]]
    private let bySwitch: [DeviceID: [Compiled]]
    private var routers: [Plane: Router] = [:]
    private var path: [LinkID] = []
    /// ACLs not applied (unattached, or on a switch without a topology), one line each.
    let warnings: [String]

    /// Compiles `acls`; an ACL attached to a switch the topology lacks is bad input naming its file.
    init(acls: [ACL], fabric: FabricGraph?) throws(InputError) {
        self.fabric = fabric
        var byPlane: [Plane: [Compiled]] = [:]
        var bySwitch: [DeviceID: [Compiled]] = [:]
        var warnings: [String] = []
        for acl in acls {
            switch acl.attachment {
            case .plane(let name):
                guard let plane = Plane(name: name) else { continue }
                byPlane[plane, default: []].append(
                    Compiled(
                        acl: acl, classifier: DecisionTreeClassifier(rules: acl.rules),
                        place: "plane \(name)"))
            case .switchNamed(let name):
                guard let fabric else {
                    warnings.append(
                        "FabricACL \(acl.name) is attached to switch \(name): give --topology to apply it; ignored")
                    continue
                }
                guard let id = fabric.device(named: name), fabric.devices[Int(id)].kind == .switch else {
                    throw InputError(
                        file: acl.location?.file,
                        "FabricACL \(acl.name) is attached to '\(name)', which is not a switch of topology \(fabric.name)"
                    )
                }
                bySwitch[id, default: []].append(
                    Compiled(
                        acl: acl, classifier: DecisionTreeClassifier(rules: acl.rules),
                        place: "switch \(name)"))
            case .none:
                warnings.append("FabricACL \(acl.name) is attached to no plane or switch; ignored")
            }
        }
        self.byPlane = byPlane
        self.bySwitch = bySwitch
        self.warnings = warnings
    }

    var isEmpty: Bool { byPlane.isEmpty && bySwitch.isEmpty }

    /// The ACLs attached to `plane` (by name, for explanations).
    func planeACLs(_ plane: Plane) -> [ACL] { byPlane[plane]?.map(\.acl) ?? [] }

    /// The denials of one tracker connection's observed directions on `plane`; packets toward
    /// `requester` are replies. `route` gives the fabric endpoints (device ids on that plane) for
    /// switch ACLs, when both ends are known.
    func denials(_ c: Connection, plane: Plane, requester: IPAddress, route: (from: DeviceID, to: DeviceID)?)
        -> [Denial]
    {
        guard case .v4(let i) = c.initiatorAddress, case .v4(let r) = c.responderAddress else { return [] }
        var applicable = byPlane[plane] ?? []
        if let route, !bySwitch.isEmpty { applicable += switchACLs(plane: plane, route: route, c) }
        guard !applicable.isEmpty else { return [] }
        var out: [Denial] = []
        let forward = PacketHeader(
            source: i.value, destination: r.value, sourcePort: c.initiatorPort,
            destinationPort: c.responderPort, proto: c.proto.rawValue)
        let backward = PacketHeader(
            source: r.value, destination: i.value, sourcePort: c.responderPort,
            destinationPort: c.initiatorPort, proto: c.proto.rawValue)
        let initiatorIsRequester = c.initiatorAddress == requester
        for (header, reply, packets) in [
            (forward, !initiatorIsRequester, c.packetsFromInitiator),
            (backward, initiatorIsRequester, c.packetsFromResponder),
        ] where packets > 0 {
            for a in applicable {
                let rule = a.classifier.firstMatch(header)
                let action = rule >= 0 ? a.acl.rules[rule].action : a.acl.defaultAction
                if action == .deny {
                    out.append(Denial(acl: a.acl, rule: rule, place: a.place, header: header, reply: reply))
                }
            }
        }
        return out
    }

    /// The switch ACLs on the route the fabric gives the connection (ECMP hash or D-mod-K, as
    /// `topology paths --flow` shows it).
    private func switchACLs(plane: Plane, route: (from: DeviceID, to: DeviceID), _ c: Connection) -> [Compiled] {
        guard let fabric else { return [] }
        let router = routers[plane] ?? Router(fabric: fabric, plane: plane)
        routers[plane] = router
        let key = ECMPKey(c.fiveTuple, destinationQP: c.roce?.destinationQP ?? 0)
        guard router.route(from: route.from, to: route.to, flow: key, into: &path) else { return [] }
        var seen: Set<DeviceID> = []
        var out: [Compiled] = []
        for link in path {
            let l = fabric.links[Int(link)]
            for d in [l.lower, l.upper] where fabric.devices[Int(d)].kind == .switch && seen.insert(d).inserted {
                out += bySwitch[d] ?? []
            }
        }
        return out
    }
}
