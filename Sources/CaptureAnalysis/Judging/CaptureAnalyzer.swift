import Capture
import Fabric
import Findings
import InterlockCore
import Manifests
import Policy
import Reachability

/// What a capture analysis found, with what the report needs to say about the run.
public struct CaptureAnalysis: Sendable {
    /// Findings, merged per endpoints and kind (`FindingAggregator`), in report order.
    public var findings: [Finding]
    /// Tracker connection ids of every connection behind a finding: what `--write-violations` writes.
    public var violatingConnections: Set<Int>
    public var statistics: AnalysisStatistics
    /// One line per thing the reader must know (ignored ACLs, Services without backends).
    public var warnings: [String]
}

/// Counts of a capture analysis.
public struct AnalysisStatistics: Sendable, Equatable {
    /// Connections judged (a RoCEv2 queue pair's two streams count once).
    public var judged = 0
    /// ERSPAN connections that only carried mirrored traffic (their inner connections are judged).
    public var mirrorCarriers = 0
    /// Kubernetes verdicts by the compiled engine (one per connection, one per backend after DNAT).
    public var policyAllowed = 0
    public var policyDenied = 0
    /// Connections sent to a Service's cluster IP and judged against its backends.
    public var serviceConnections = 0
    /// Judged connections by plane (`unknown` when no address placed it), sorted by plane.
    public var planes: [(plane: String, connections: Int)] = []

    public static func == (a: Self, b: Self) -> Bool {
        a.judged == b.judged && a.mirrorCarriers == b.mirrorCarriers && a.policyAllowed == b.policyAllowed
            && a.policyDenied == b.policyDenied && a.serviceConnections == b.serviceConnections
            && a.planes.map(\.plane) == b.planes.map(\.plane) && a.planes.map(\.connections) == b.planes.map(\.connections)
    }
}

/// Judges every connection of a capture once: endpoints by (network, IP), the Kubernetes policies
/// through the compiled engine (explained by the reference evaluator when denied), the fabric ACLs
/// of its plane, and the plane segmentation rules. Nothing here runs per packet.
///
/// Finding kinds and severities:
/// - `denied-but-observed`: the policies deny the connection and an enforcement point exists.
///   high when the source's egress denies it (a packet on the wire left the pod) or the responder
///   answered; medium when only the initiator's packets were seen (the capture may have been taken
///   before the destination's ingress dropped them), and when only some of a Service's backends deny.
/// - `unenforceable` (high): the policies deny it, nothing enforces them on that path (RDMA verbs,
///   DPDK), and no fabric ACL of the plane denies it either.
/// - `acl-violation`: a FabricACL of the plane (or a switch on the route) denies an observed
///   direction; high when both directions were seen, medium for one-way traffic.
/// - `unknown-endpoint`: an address nobody owns inside a plane's prefix or a secondary network's
///   subnet (medium) or in another private range (low); public addresses are external, not unknown.
/// - `wrong-plane`: see `PlaneCheck`.
public final class CaptureAnalyzer {
    public let directory: EndpointDirectory
    public let vantage: Vantage?
    private let policy: PolicyCheck
    private let acls: FabricACLs

    /// `acls` are FabricACLs (attached to planes or switches); a switch the topology lacks is bad input.
    public init(engine: CompiledEngine, fabric: Fabric?, acls: [ACL] = [], vantage: Vantage? = nil) throws(InputError) {
        directory = EndpointDirectory(inventory: engine.inventory, fabric: fabric)
        self.vantage = vantage
        policy = PolicyCheck(engine: engine)
        self.acls = try FabricACLs(acls: acls, fabric: fabric)
    }

    /// Judges every connection of `flows`.
    public func analyze(_ flows: CaptureFlows) -> CaptureAnalysis {
        let connections = flows.connections
        var carriers: [Int: TunnelKind] = [:]
        for c in connections where c.tunnel != .none {
            if let outer = c.outerConnection { carriers[outer] = c.tunnel }
        }
        var carrierPlacements: [Int: Placement] = [:]
        var aggregator = FindingAggregator()
        var violating: Set<Int> = []
        var statistics = AnalysisStatistics()
        var planeCounts: [String: Int] = [:]
        var unknowns = UnknownEndpoints()
        var filters: [JudgedFlow.FilterKey: String] = [:]
        for flow in JudgedFlow.flows(connections) {
            let c = flow.connection
            if let kind = carriers[c.id], kind.isMirror {
                statistics.mirrorCarriers += 1
                continue
            }
            let carrier = c.tunnel.isOverlay ? c.outerConnection.flatMap { carrierPlacements[$0] } : nil
            let placement = Placement(initiator: flow.initiator, responder: flow.responder, vantage: vantage,
                                      carrier: carrier, directory: directory)
            if carriers[c.id] != nil { carrierPlacements[c.id] = placement }
            statistics.judged += 1
            planeCounts[placement.plane?.name ?? "unknown", default: 0] += 1
            // Flows with equal filter keys share one display filter, built once.
            let filterKey = flow.filterKey
            let displayFilter = filters[filterKey] ?? flow.displayFilter
            filters[filterKey] = displayFilter
            let evidence = Evidence(packets: Int(flow.packetsForward + flow.packetsBackward), bytes: Int(flow.bytes),
                                    firstPacket: flow.firstPacket, lastPacket: flow.lastPacket,
                                    firstTimestamp: flow.firstTimestamp, lastTimestamp: flow.lastTimestamp,
                                    source: flows.files[c.firstFile].path, connections: flow.members,
                                    displayFilter: displayFilter)
            let found = judge(flow, placement, connections, evidence)
            for (side, peer) in [(placement.initiator, placement.responder), (placement.responder, placement.initiator)] {
                guard case .unknown(let scope, let inPlan) = side.status else { continue }
                unknowns.add(side.address, scope: scope, inPlan: inPlan, plane: placement.plane, peer: peer, flow: flow,
                             evidence: evidence)
                violating.formUnion(flow.members)
            }
            if !found.isEmpty {
                violating.formUnion(flow.members)
                for f in found { aggregator.add(f) }
            }
        }
        for f in unknowns.findings { aggregator.add(f) }
        statistics.policyAllowed = policy.allowedCount
        statistics.policyDenied = policy.deniedCount
        statistics.serviceConnections = policy.serviceConnections
        statistics.planes = planeCounts.sorted { (Plane(name: $0.key)?.rawValue ?? 9, $0.key) < (Plane(name: $1.key)?.rawValue ?? 9, $1.key) }
            .map { ($0.key, $0.value) }
        var warnings = acls.warnings
        for (service, n) in policy.servicesWithoutBackends.sorted(by: { $0.key < $1.key }) {
            warnings.append("\(n) connection\(n == 1 ? "" : "s") to service \(service), which has no backend in the manifests for that port: not judged")
        }
        return CaptureAnalysis(findings: aggregator.findings, violatingConnections: violating,
                               statistics: statistics, warnings: warnings)
    }

    /// Every finding of one flow.
    private func judge(_ flow: JudgedFlow, _ p: Placement, _ connections: [Connection], _ evidence: Evidence) -> [Finding] {
        var out: [Finding] = []
        let proto = flow.isRoCE ? "RoCEv2" : flow.proto.description
        func finding(_ kind: FindingKind, _ severity: Severity, _ title: String, network: String?,
                     reasons: [FindingReason], rule: (id: String, location: SourceLocation)? = nil) -> Finding {
            var reasons = reasons
            if flow.connection.direction == .inferred && !flow.reversed {
                reasons.append(FindingReason(side: "capture", text: "the connection was seen mid-stream: its direction is inferred (the well-known or lower port taken as the server's)"))
            }
            if flow.reversed {
                reasons.append(FindingReason(side: "capture", text: "only the RDMA responder's stream (acknowledges, CNPs) was seen; the requester is its receiver"))
            }
            return Finding(kind: kind, severity: severity, title: title,
                           source: FindingEndpoint(name: p.initiator.name, address: flow.initiator.description),
                           destination: FindingEndpoint(name: p.responder.name, address: flow.responder.description, port: flow.port),
                           proto: proto, network: network, reasons: reasons, evidence: evidence, ruleID: rule?.id,
                           location: rule?.location)
        }
        let planeName = p.plane?.name

        for issue in PlaneCheck.issues(flow, p, directory: directory) {
            out.append(finding(.wrongPlane, issue.severity, issue.title, network: planeName, reasons: issue.reasons))
        }

        // Fabric ACLs see the headers on the wire: not the inside of an overlay tunnel.
        var forwardACLDenial = false
        if let plane = p.plane, !flow.connection.tunnel.isOverlay, !acls.isEmpty {
            var denials: [FabricACLs.Denial] = []
            for id in flow.members {
                let c = connections[id]
                denials += acls.denials(c, plane: plane, requester: flow.initiator, route: route(c, p, plane: plane))
            }
            if !denials.isEmpty {
                forwardACLDenial = denials.contains { !$0.reply }
                let first = denials[0]
                let title = "FabricACL \(first.acl.name) denies it, yet it was observed" + (forwardACLDenial ? "" : " (replies)")
                out.append(finding(.aclViolation, flow.answered ? .high : .medium, title, network: planeName,
                                   reasons: uniqueReasons(denials.map(\.reason)),
                                   rule: first.location.map { ("FabricACL \(first.acl.name)", $0) }))
            }
        }

        if let j = policy.judge(flow, p) {
            let denied = j.denied
            if let first = denied.first, let explanation = first.explanation {
                var reasons = explanation.reasons
                var partial = false
                if let t = j.translation {
                    reasons.insert(serviceReason(t, j), at: 0)
                    partial = denied.count < j.outcomes.count
                }
                let enforced = denied.allSatisfy { $0.explanation?.verdict.enforced ?? true }
                let network = j.network.description
                let via = j.translation == nil ? "" : " (after DNAT to \(partial ? "\(denied.count) of \(j.outcomes.count)" : "its") backends)"
                if !enforced {
                    if !forwardACLDenial {
                        reasons += enforcementReasons(flow, p)
                        out.append(finding(.unenforceable, .high, "denied by policy, but nothing on its path can stop it" + via,
                                           network: network, reasons: reasons, rule: explanation.responsible))
                    }
                } else {
                    let egressDenied = denied.contains { !($0.explanation?.verdict.egress.allowed ?? true) }
                    var severity: Severity = egressDenied || flow.answered ? .high : .medium
                    if partial { severity = min(severity, .medium) }
                    let title: String
                    if egressDenied {
                        title = "denied at the source's egress, yet it left the pod" + via
                    } else if flow.answered {
                        title = "denied by policy, yet the destination answered" + via
                    } else {
                        title = "denied by policy; only the initiator's packets were seen" + via
                        reasons.append(FindingReason(side: "capture", text: "no packet came back: the destination's ingress may have dropped it after the capture point"))
                    }
                    out.append(finding(.deniedButObserved, severity, title, network: network, reasons: reasons,
                                       rule: explanation.responsible))
                }
            }
        }
        return out
    }

    /// Why nothing stops RDMA or DPDK traffic here: the plane's transport and the ACLs it has.
    private func enforcementReasons(_ flow: JudgedFlow, _ p: Placement) -> [FindingReason] {
        guard let plane = p.plane else { return [] }
        var reasons: [FindingReason] = []
        let planeACLs = acls.planeACLs(plane)
        reasons.append(FindingReason(side: "plane", text: planeACLs.isEmpty
            ? "no FabricACL is attached to the \(plane) plane (--acls)"
            : "FabricACL \(planeACLs.map(\.name).joined(separator: ", ")) on the \(plane) plane permits it"))
        if let fabric = directory.fabric {
            switch fabric.settings(of: plane).transport {
            case .infiniband:
                let pkey = flow.connection.roce.map { " (this flow's P_Key is 0x\(String($0.partitionKey, radix: 16)))" } ?? ""
                reasons.append(FindingReason(side: "plane", text: "the \(plane) plane is InfiniBand: only partitions (P_Key) isolate RDMA traffic there\(pkey)"))
            case .roce, .ethernet:
                reasons.append(FindingReason(side: "plane", text: "the \(plane) plane is Ethernet: only VLANs/VRFs and switch ACLs isolate RDMA traffic there"))
            }
        }
        return reasons
    }

    /// The Service a connection went to and what its backends answered.
    private func serviceReason(_ t: ServiceTranslation, _ j: PolicyCheck.Judgement) -> FindingReason {
        let s = directory.inventory.services[t.service]
        let port = t.servicePort.map { "\($0.port)/\($0.proto) → target port \($0.targetPort)" } ?? ""
        let backends = j.outcomes.map { o in
            (o.backend.map { directory.inventory.describe(.pod($0)) } ?? "?") + (o.allowed ? " allowed" : " denied")
        }
        return FindingReason(side: "service", text: "\(s.id) \(port): DNAT before policy, judged against its backends: \(backends.joined(separator: "; "))",
                             location: s.location)
    }

    /// The fabric devices a connection's route joins on `plane`, when both ends are known there.
    private func route(_ c: Connection, _ p: Placement, plane: Plane) -> (from: DeviceID, to: DeviceID)? {
        guard let a = device(p.initiator, plane), let b = device(p.responder, plane) else { return nil }
        // The placement follows the judged flow; the tracker record of a response stream is the other way.
        return c.initiatorAddress == p.initiator.address ? (a, b) : (b, a)
    }

    /// The device standing for one end on `plane`: its fabric interface there, or the host a pod or
    /// node runs on (user planes only: which rail NIC a pod uses is not known).
    private func device(_ side: ResolvedAddress, _ plane: Plane) -> DeviceID? {
        guard let fabric = directory.fabric, let reading = side.reading else { return nil }
        if reading.owner == .fabric, let e = reading.fabric, e.kind.plane == plane { return e.device }
        guard plane != .compute else { return nil }
        let nodeName: String?
        switch reading.owner {
        case .node(let i): nodeName = directory.inventory.nodes[i].name
        case .pod(let i): nodeName = directory.inventory.pods[i].nodeName
        default: nodeName = nil
        }
        guard let name = nodeName, let id = fabric.device(named: name), fabric.addresses.address(of: id, on: plane) != nil else {
            return nil
        }
        return id
    }

    private func uniqueReasons(_ reasons: [FindingReason]) -> [FindingReason] {
        var seen: Set<FindingReason> = []
        return reasons.filter { seen.insert($0).inserted }
    }
}

extension TunnelKind {
    /// ERSPAN: a mirror session carrying copies of traffic seen elsewhere.
    var isMirror: Bool { self == .erspan1 || self == .erspan2 || self == .erspan3 }
    /// VXLAN and Geneve: an overlay carrying pod traffic between hosts.
    var isOverlay: Bool { self == .vxlan || self == .geneve }
}
