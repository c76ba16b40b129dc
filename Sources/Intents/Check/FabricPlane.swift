import Fabric
import FabricACL
import Findings
import InterlockCore
import Policy

/// How one fabric plane decides whether two of its endpoints can talk: a physical path, then
/// InfiniBand partitions (InfiniBand planes) or VRFs (Ethernet planes), then the ACLs attached to the
/// plane or to the endpoints' access switches.
struct FabricPlane: Sendable {
    let plane: Plane
    let fabric: FabricGraph
    let isInfiniBand: Bool
    let segmentation: FabricSegmentation
    let matcher: ZoneMatcher
    /// Connected component of every device over this plane's links.
    private let component: [Int32]
    /// ACLs in force on the plane, each with the devices it filters (`nil`: every endpoint).
    let acls: [(acl: ACL, cabled: Set<DeviceID>?)]

    init(plane: Plane, fabric: FabricGraph, acls: [ACL], matcher: ZoneMatcher) {
        self.plane = plane
        self.fabric = fabric
        self.matcher = matcher
        segmentation = matcher.segmentation
        isInfiniBand = fabric.settings(of: plane).transport == .infiniband
        var parent = (0..<Int32(fabric.devices.count)).map { $0 }
        func find(_ x: Int32) -> Int32 {
            var x = x
            while parent[Int(x)] != x {
                parent[Int(x)] = parent[Int(parent[Int(x)])]
                x = parent[Int(x)]
            }
            return x
        }
        for link in fabric.links where link.plane == plane {
            let a = find(link.lower)
            let b = find(link.upper)
            if a != b { parent[Int(a)] = b }
        }
        component = (0..<Int32(fabric.devices.count)).map { find($0) }
        var inForce: [(ACL, Set<DeviceID>?)] = []
        for acl in acls {
            switch acl.attachment {
            case .plane(let p) where p == plane.name: inForce.append((acl, nil))
            case .switchNamed(let name):
                guard let sw = fabric.device(named: name), fabric.devices[Int(sw)].plane == plane else { continue }
                inForce.append((acl, Set(fabric.incidentLinks(of: sw).map { fabric.links[Int($0)].other(sw) })))
            default: continue
            }
        }
        self.acls = inForce
    }

    /// What decides this member's fate besides its zones: two members with equal signatures are
    /// treated alike by the plane.
    func signature(_ m: Member) -> [Int] {
        var key: [Int] = [m.device.map { Int(component[Int($0)]) } ?? -1]
        if let (host, rail) = hostAndRail(m) {
            if isInfiniBand {
                key += segmentation.partitions.map { p in
                    switch matcher.membership(in: p, host: host, rail: rail) {
                    case .full: 2
                    case .limited: 1
                    case nil: 0
                    }
                }
            } else if let vrf = matcher.vrf(on: plane, host: host, rail: rail) {
                key.append(segmentation.vrfs.firstIndex { $0.location == vrf.location }! + 1)
            }
        }
        guard case .v4(let a)? = m.address else { return key }
        for (k, entry) in acls.enumerated() {
            if let cabled = entry.cabled {
                key.append(m.device.map { cabled.contains($0) } == true ? k * 2 + 1 : k * 2)
            }
            for (i, r) in entry.acl.rules.enumerated() {
                if r.source.contains(a) { key.append(-(i * 2 + 2)) }
                if r.destination.contains(a) { key.append(-(i * 2 + 3)) }
            }
            key.append(Int.min)
        }
        return key
    }

    private func hostAndRail(_ m: Member) -> (String, Int?)? {
        guard let d = m.device, let host = m.host else { return nil }
        return (host, fabric.devices[Int(d)].rail)
    }

    /// The ACLs that filter traffic between `s` and `d`.
    private func filters(_ s: Member, _ d: Member) -> [ACL] {
        acls.filter { entry in
            guard let cabled = entry.cabled else { return true }
            return [s.device, d.device].contains { $0.map(cabled.contains) == true }
        }.map(\.acl)
    }

    /// Everything `s` may open to `d` on the plane.
    func connections(_ s: Member, _ d: Member) -> ConnectionSet {
        guard linkLayer(s, d).allowed else { return .none }
        guard case .v4(let a)? = s.address, case .v4(let b)? = d.address else { return .all }
        var set = ConnectionSet.all
        for acl in filters(s, d) { set = set.intersecting(acl.permitted(from: a, to: b)) }
        return set
    }

    /// Below the ACLs: is there a path, and does partitioning (or a VRF) let the two talk?
    /// With the reason, and where that reason is written.
    func linkLayer(_ s: Member, _ d: Member) -> (allowed: Bool, reason: FindingReason) {
        if let a = s.device, let b = d.device, component[Int(a)] != component[Int(b)] {
            return (
                false,
                FindingReason(
                    side: FindingReason.Side(plane),
                    text: "no path joins \(s.name) and \(d.name) on the \(plane.name) plane")
            )
        }
        guard let (sh, sr) = hostAndRail(s), let (dh, dr) = hostAndRail(d) else {
            return (
                true,
                FindingReason(
                    side: FindingReason.Side(plane),
                    text: "traffic from outside the cluster enters through the \(plane.name) network's border")
            )
        }
        if isInfiniBand {
            if segmentation.defaultPartition == .full {
                return (
                    true,
                    FindingReason(
                        side: FindingReason.Side(plane),
                        text:
                            "both are full members of the default partition 0x7FFF (\(segmentation.partitions.isEmpty ? "no partitions are configured" : "defaultPartition is full")): no partition keeps them apart",
                        location: segmentation.defaultPartitionLocation)
                )
            }
            for p in segmentation.partitions {
                guard let ms = matcher.membership(in: p, host: sh, rail: sr),
                    let md = matcher.membership(in: p, host: dh, rail: dr),
                    ms == .full || md == .full
                else { continue }
                let entry = p.members.first { $0.hosts.contains(sh) && $0.membership == ms } ?? p.members[0]
                let other = p.members.first { $0.hosts.contains(dh) && $0.membership == md } ?? p.members[0]
                // Cite the member entry that admits the less expected end (the destination's, when both are listed
                // alike).
                return (
                    true,
                    FindingReason(
                        side: FindingReason.Side(plane),
                        text:
                            "partition \(p.name) (P_Key \(p.pkeyText)) has \(s.name) as a \(ms.rawValue) member and \(d.name) as a \(md.rawValue) member",
                        location: (other.location != entry.location ? other : entry).location)
                )
            }
            return (
                false,
                FindingReason(
                    side: FindingReason.Side(plane),
                    text:
                        "no partition has both \(s.name) and \(d.name) (with one of them a full member), and the default partition is limited",
                    location: segmentation.defaultPartitionLocation)
            )
        }
        let vs = matcher.vrf(on: plane, host: sh, rail: sr)
        let vd = matcher.vrf(on: plane, host: dh, rail: dr)
        if vs?.location != vd?.location {
            return (
                false,
                FindingReason(
                    side: FindingReason.Side(plane),
                    text: "\(s.name) is in VRF \(vs?.name ?? "default") and \(d.name) in VRF \(vd?.name ?? "default")",
                    location: (vd ?? vs)?.location)
            )
        }
        return (
            true,
            FindingReason(
                side: FindingReason.Side(plane),
                text: vs.map { "both are in VRF \($0.name)" }
                    ?? "no VRF or VLAN separates them on the \(plane.name) plane",
                location: vs?.location)
        )
    }

    /// Why `s → d` with `proto`/`port` is allowed or denied, step by step, and the line responsible:
    /// the ACL rule or partition entry that decides, or `nil` when nothing on the path filters it.
    func explain(_ s: Member, _ d: Member, _ proto: IPProtocol, _ port: UInt16) -> (
        reasons: [FindingReason], responsible: SourceLocation?
    ) {
        let (allowed, base) = linkLayer(s, d)
        guard allowed else { return ([base], base.location) }
        var reasons = [base]
        var responsible = base.location
        let acls = filters(s, d)
        guard case .v4(let a)? = s.address, case .v4(let b)? = d.address, !acls.isEmpty else {
            // InfiniBand's enforcement point is the partition, already cited.
            if isInfiniBand && responsible != nil { return (reasons, responsible) }
            reasons.append(
                FindingReason(
                    side: FindingReason.Side(plane),
                    text:
                        "no FabricACL is attached to the \(plane.name) plane or to the access switches of \(s.name) and \(d.name): nothing filters \(proto)/\(port) (missing enforcement point)"
                ))
            return (reasons, responsible)
        }
        for acl in acls {
            let (rule, action) = acl.decision(from: a, to: b, proto: proto, port: port)
            let location = rule.flatMap { acl.rules[$0].location } ?? acl.location
            reasons.append(
                FindingReason(
                    side: .acl,
                    text: "\(acl.describeRule(rule)) \(action == .permit ? "permits" : "denies") \(proto)/\(port)",
                    location: location))
            if action == .deny { return (reasons, location) }
            responsible = location
        }
        return (reasons, responsible)
    }
}

extension FindingReason.Side {
    /// The side of a fabric plane's view: the plane's name.
    init(_ plane: Plane) {
        switch plane {
        case .compute: self = .compute
        case .frontend: self = .frontend
        case .storage: self = .storage
        case .oob: self = .oob
        }
    }
}
