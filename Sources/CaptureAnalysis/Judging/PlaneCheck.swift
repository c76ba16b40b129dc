import Fabric
import Findings
import InterlockCore

/// Segmentation by plane: what may not travel where, whatever the policies say.
///
/// | rule | severity |
/// | --- | --- |
/// | a BMC reached on a plane other than out-of-band, or from outside the out-of-band network | high |
/// | management protocols (SSH, Telnet, SNMP, IPMI) on the compute fabric | high |
/// | RoCEv2 on the front-end or out-of-band network | medium |
/// | storage protocols on the compute fabric, or to a storage server off the storage plane | medium |
/// | an address of one plane seen on another (traffic routed between planes) | medium |
enum PlaneCheck {
    struct Issue {
        var severity: Severity
        var title: String
        var reasons: [FindingReason]
    }

    static func issues(_ flow: JudgedFlow, _ p: FlowPlacement, directory: EndpointDirectory) -> [Issue] {
        guard let plane = p.plane else { return [] }
        var out: [Issue] = []
        let whereSeen =
            p.evidence == .given
            ? "the \(plane) plane the capture was taken on"
            : p.evidence == .tunnel ? "the \(plane) plane its tunnel runs on" : "the \(plane) plane"
        var bmcSide = false
        for (bmc, peer) in [(p.responder, p.initiator), (p.initiator, p.responder)] where bmc.isBMC {
            bmcSide = true
            let proto = ProtocolCatalog.toBMC(flow.proto, flow.port)
            if plane != .oob {
                out.append(
                    Issue(
                        severity: .high, title: "\(proto) to BMC \(bmc.name) on the \(plane) network",
                        reasons: [
                            FindingReason(
                                side: .plane, text: "BMCs belong on the out-of-band network only; seen on \(whereSeen)")
                        ]))
            } else if peer.reading?.plane != .oob {
                out.append(
                    Issue(
                        severity: .high, title: "\(proto) to BMC \(bmc.name) from outside the management network",
                        reasons: [
                            FindingReason(
                                side: .plane,
                                text:
                                    "\(peer.name) is not on the out-of-band network; only management hosts should reach BMCs"
                            )
                        ]))
            }
            break
        }
        if plane == .compute, !bmcSide, let m = ProtocolCatalog.management(flow.proto, flow.port) {
            out.append(
                Issue(
                    severity: .high, title: "\(m.name) on the compute fabric",
                    reasons: [
                        FindingReason(
                            side: .plane,
                            text:
                                "management protocols belong on the out-of-band network; the compute fabric carries tenant GPU traffic"
                        )
                    ]))
        }
        if flow.isRoCE && (plane == .frontend || plane == .oob) {
            out.append(
                Issue(
                    severity: .medium, title: "RoCEv2 on the \(plane) network",
                    reasons: [
                        FindingReason(
                            side: .plane,
                            text:
                                "RDMA traffic belongs on the compute (or storage) fabric: check NCCL_IB_HCA / NCCL_SOCKET_IFNAME and the RDMA device the job uses"
                        )
                    ]))
        }
        if let s = ProtocolCatalog.storage(flow.proto, flow.port) {
            let toServer = p.responder.reading?.fabric.map(directory.isStorageServer) ?? false
            if plane == .compute || (toServer && plane != .storage) {
                out.append(
                    Issue(
                        severity: .medium, title: "\(s.name) on the \(plane) network",
                        reasons: [FindingReason(side: .plane, text: "storage protocols belong on the storage network")])
                )
            }
        }
        if !bmcSide, let crossing = crossing(p, plane: plane) { out.append(crossing) }
        return out
    }

    /// An end whose address belongs to another plane than the one the traffic was on.
    static func crossing(_ p: FlowPlacement, plane: Plane) -> Issue? {
        for side in p.sides {
            guard let other = side.reading?.plane, other != plane else { continue }
            let text =
                p.evidence == .inferred
                ? "\(p.initiator.name) is on the \(p.initiator.reading?.plane.map(\.name) ?? "no") plane, \(p.responder.name) on the \(p.responder.reading?.plane.map(\.name) ?? "no") plane: traffic is routed between planes"
                : "\(side.name) is an address of the \(other) plane, seen on the \(plane) plane"
            return Issue(
                severity: .medium, title: "traffic between the \(plane) and \(other) planes",
                reasons: [FindingReason(side: .plane, text: text)])
        }
        return nil
    }
}
