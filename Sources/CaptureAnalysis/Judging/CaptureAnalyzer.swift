import Capture
import Fabric
import FabricACL
import Findings
import InterlockCore
import Manifests
import Policy
import PolicyEngine

/// What a capture analysis found, with what the report needs to say about the run.
public struct CaptureAnalysis: Sendable {
    /// Findings, merged per endpoints and kind (`FindingAggregator`), in report order.
    public var findings: [Finding]
    /// Tracker connection ids of every connection behind a finding: what `--write-violations` writes.
    public var violatingConnections: Set<Int>
    /// Counts of the run.
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
    /// Of those, denied.
    public var policyDenied = 0
    /// Connections sent to a Service's cluster IP and judged against its backends.
    public var serviceConnections = 0
    /// Judged connections by plane (`unknown` when no address placed it), sorted by plane.
    public var planes: [(plane: String, connections: Int)] = []

    /// Field by field (`planes` is an array of tuples, which are not `Equatable`).
    public static func == (a: Self, b: Self) -> Bool {
        a.judged == b.judged && a.mirrorCarriers == b.mirrorCarriers && a.policyAllowed == b.policyAllowed
            && a.policyDenied == b.policyDenied && a.serviceConnections == b.serviceConnections
            && a.planes.map(\.plane) == b.planes.map(\.plane)
            && a.planes.map(\.connections) == b.planes.map(\.connections)
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
    /// Readings of every address, cached for this analysis.
    public let directory: EndpointDirectory
    /// Where the capture was taken (`--plane`), or `nil` to infer each connection's plane.
    public let vantage: Vantage?
    private let policy: PolicyCheck
    private let acls: FabricACLs

    /// `acls` are FabricACLs (attached to planes or switches); a switch the topology lacks is bad input.
    ///
    /// - Throws: `InputError` naming the ACL's file when an ACL attaches to a name that is not a switch of
    ///   the topology.
    public init(engine: CompiledEngine, fabric: FabricGraph?, acls: [ACL] = [], vantage: Vantage? = nil)
        throws(InputError)
    {
        directory = EndpointDirectory(inventory: engine.inventory, fabric: fabric)
        self.vantage = vantage
        policy = PolicyCheck(engine: engine)
        self.acls = try FabricACLs(acls: acls, fabric: fabric)
    }

    /// Judges every connection of `flows`.
    public func analyze(_ flows: CaptureFlows) -> CaptureAnalysis {
        analyze(flows, memoizing: true)
    }

    /// Judges every connection of `flows`; with `memoizing`, placements and the plane and policy
    /// findings are reused by flows of an equal key (`PlacementMemo`, `FlowShape`), else every flow
    /// is judged from scratch (the reference the tests hold the memo to).
    func analyze(_ flows: CaptureFlows, memoizing: Bool) -> CaptureAnalysis {
        let connections = flows.connections
        let carriers = Self.tunnelCarriers(connections)
        var carrierPlacements: [Int: FlowPlacement] = [:]
        var aggregator = FindingAggregator()
        var violating = Set<Int>(minimumCapacity: connections.count)
        var statistics = AnalysisStatistics()
        var placements = PlacementMemo(memoizes: memoizing)
        var shapes = ShapeMemo(memoizes: memoizing)
        var unknowns = UnknownEndpoints()
        var counts = PolicyCheck.Counts()
        var filters: [JudgedFlow.FilterKey: String] = [:]
        for flow in JudgedFlow.flows(connections) {
            let c = flow.connection
            let carrierKind = carriers.isEmpty ? nil : carriers[c.id]
            if let kind = carrierKind, kind.isMirror {
                statistics.mirrorCarriers += 1
                continue
            }
            let carrier = c.tunnel.isOverlay ? c.outerConnection.flatMap { carrierPlacements[$0] } : nil
            let placed = placements.place(initiator: flow.initiator, responder: flow.responder, carrier: carrier) {
                FlowPlacement(
                    initiator: flow.initiator, responder: flow.responder, vantage: vantage, carrier: carrier,
                    directory: directory)
            }
            let placement = placements.placements[placed]
            if carrierKind != nil { carrierPlacements[c.id] = placement }
            statistics.judged += 1
            let found = flow.evidence
            // The evidence a new finding starts with: with its file's path and the flow's display
            // filter (flows with equal filter keys share one, built once).
            func evidence() -> Evidence {
                // A flow log has no packets for Wireshark to select.
                guard c.flowLog == nil else { return Evidence(found, source: flows.files[found.file].path) }
                let filterKey = flow.filterKey
                if filters[filterKey] == nil { filters[filterKey] = flow.displayFilter }
                return Evidence(found, source: flows.files[found.file].path, displayFilter: filters[filterKey])
            }
            if placement.hasUnknownSide {
                // Without the flow's display filter: the finding filters on the address.
                let unknownEvidence = Evidence(found, source: flows.files[found.file].path)
                // Each side in turn, without an array of the pair per flow.
                for initiatorSide in [true, false] {
                    let (side, peer) =
                        initiatorSide
                        ? (placement.initiator, placement.responder) : (placement.responder, placement.initiator)
                    guard case .unknown(let scope, let inPlan) = side.status else { continue }
                    unknowns.add(
                        side.address, scope: scope, inPlan: inPlan, plane: placement.plane, peer: peer, flow: flow,
                        evidence: unknownEvidence)
                }
                violating.formUnion(flow.members)
            }
            if let logged = c.flowLog?.verdict, !logged.allowed {
                // The CNI dropped it: it did not flow, so only its verdict is compared with the policies.
                let tally = policy.judge(flow, placement)?.tally ?? PolicyCheck.Tally()
                policy.count(tally, into: &counts)
                if let f = verdictFinding(flow, placement, logged, tally, evidence()) {
                    aggregator.add(f)
                    violating.formUnion(flow.members)
                }
                continue
            }
            // Findings are added in the order plane, ACL, policy; a known shape's plane and policy
            // findings already exist, so only its ACL finding can be new, as when judged afresh.
            let acl = aclFinding(flow, placement, connections, evidence)
            let shape = FlowShape(flow, placement: placed, forwardACLDenial: acl.forwardDenial)
            let outcome: ShapeMemo.Outcome
            if let known = shapes[shape] {
                outcome = known
                if let f = acl.finding { aggregator.add(f) }
                for position in known.findings { aggregator.add(found, to: position, files: flows.files) }
            } else {
                let judgement = policy.judge(flow, placement)
                let first = evidence()
                var positions = planeFindings(flow, placement, first).map { aggregator.add($0) }
                if let f = acl.finding { aggregator.add(f) }
                if let j = judgement,
                    let f = policyFinding(flow, placement, first, j, forwardACLDenial: acl.forwardDenial)
                {
                    positions.append(aggregator.add(f))
                }
                outcome = ShapeMemo.Outcome(findings: positions, tally: judgement?.tally ?? PolicyCheck.Tally())
                shapes[shape] = outcome
            }
            policy.count(outcome.tally, into: &counts)
            if acl.finding != nil || !outcome.findings.isEmpty { violating.formUnion(flow.members) }
            if let logged = c.flowLog?.verdict,
                let f = verdictFinding(flow, placement, logged, outcome.tally, evidence())
            {
                aggregator.add(f)
                violating.formUnion(flow.members)
            }
        }
        statistics.policyAllowed = counts.allowed
        statistics.policyDenied = counts.denied
        statistics.serviceConnections = counts.serviceConnections
        statistics.planes = Self.planeCounts(placements)
        return CaptureAnalysis(
            findings: aggregator.findings(appending: unknowns.takeFindings()), violatingConnections: violating,
            statistics: statistics, warnings: warnings(counts))
    }

    /// The kind of tunnel each carrier connection (by id) carries.
    private static func tunnelCarriers(_ connections: [Connection]) -> [Int: TunnelKind] {
        // Read in place: copying every connection out of the array to find the few tunnelled ones
        // cost more than the search.
        var carriers: [Int: TunnelKind] = [:]
        connections.withUnsafeBufferPointer { all in
            for i in all.indices where all[i].tunnel != .none {
                if let outer = all[i].outerConnection { carriers[outer] = all[i].tunnel }
            }
        }
        return carriers
    }

    /// Judged connections by plane (`unknown` when no address placed it), in plane order.
    private static func planeCounts(_ placements: PlacementMemo) -> [(plane: String, connections: Int)] {
        var planeCounts: [String: Int] = [:]
        for (p, n) in zip(placements.placements, placements.flows) {
            planeCounts[p.plane?.name ?? "unknown", default: 0] += n
        }
        return planeCounts.sorted {
            (Plane(name: $0.key)?.rawValue ?? 9, $0.key) < (Plane(name: $1.key)?.rawValue ?? 9, $1.key)
        }
        .map { ($0.key, $0.value) }
    }

    /// The ACLs' warnings, then one per Service that connections went to without a backend for their port.
    private func warnings(_ counts: PolicyCheck.Counts) -> [String] {
        var warnings = acls.warnings
        for (service, n) in counts.servicesWithoutBackends.sorted(by: { $0.key < $1.key }) {
            warnings.append(
                "\(n) connection\(n == 1 ? "" : "s") to service \(service), which has no backend in the manifests for that port: not judged"
            )
        }
        return warnings
    }

    /// A finding about `flow`, placed on `p`, with its evidence and the notes its capture needs.
    func finding(
        _ flow: JudgedFlow, _ p: FlowPlacement, _ evidence: Evidence, _ kind: FindingKind, _ severity: Severity,
        _ title: String, network: String?, reasons: [FindingReason],
        rule: (id: String, location: SourceLocation)? = nil
    ) -> Finding {
        var reasons = reasons
        if flow.connection.direction == .inferred && !flow.reversed {
            reasons.append(
                FindingReason(
                    side: .capture,
                    text:
                        "the connection was seen mid-stream: its direction is inferred (the well-known or lower port taken as the server's)"
                ))
        }
        if flow.reversed {
            reasons.append(
                FindingReason(
                    side: .capture,
                    text:
                        "only the RDMA responder's stream (acknowledges, CNPs) was seen; the requester is its receiver")
            )
        }
        return Finding(
            kind: kind, severity: severity, title: title,
            source: FindingEndpoint(name: p.initiator.name, address: flow.initiator.description),
            destination: FindingEndpoint(name: p.responder.name, address: flow.responder.description, port: flow.port),
            proto: flow.isRoCE ? "RoCEv2" : flow.proto.description, network: network, reasons: reasons,
            evidence: evidence, ruleID: rule?.id, location: rule?.location)
    }

    /// The plane segmentation findings of a flow (`PlaneCheck`).
    private func planeFindings(_ flow: JudgedFlow, _ p: FlowPlacement, _ evidence: Evidence) -> [Finding] {
        PlaneCheck.issues(flow, p, directory: directory).map {
            finding(flow, p, evidence, .wrongPlane, $0.severity, $0.title, network: p.plane?.name, reasons: $0.reasons)
        }
    }

    /// The fabric-ACL finding of a flow, from the denials of each observed direction of each of its
    /// tracker connections, and whether an ACL denied a forward (requester to responder) direction.
    /// Fabric ACLs see the headers on the wire: not the inside of an overlay tunnel.
    private func aclFinding(
        _ flow: JudgedFlow, _ p: FlowPlacement, _ connections: [Connection],
        _ evidence: () -> Evidence
    ) -> (finding: Finding?, forwardDenial: Bool) {
        guard let plane = p.plane, !flow.connection.tunnel.isOverlay, !acls.isEmpty else { return (nil, false) }
        var denials: [FabricACLs.Denial] = []
        for id in flow.members {
            let c = connections[id]
            denials += acls.denials(c, plane: plane, requester: flow.initiator, route: route(c, p, plane: plane))
        }
        guard let first = denials.first else { return (nil, false) }
        let forward = denials.contains { !$0.reply }
        let title = "FabricACL \(first.acl.name) denies it, yet it was observed" + (forward ? "" : " (replies)")
        return (
            finding(
                flow, p, evidence(), .aclViolation, flow.answered ? .high : .medium, title, network: plane.name,
                reasons: uniqueReasons(denials.map(\.reason)),
                rule: first.location.map { ("FabricACL \(first.acl.name)", $0) }), forward
        )
    }

    /// The policy finding of a flow judged `j`, if its policies deny it: `unenforceable` when nothing
    /// on its path enforces them (unless a fabric ACL denied it), else `denied-but-observed`.
    private func policyFinding(
        _ flow: JudgedFlow, _ p: FlowPlacement, _ evidence: Evidence, _ j: PolicyCheck.Judgement,
        forwardACLDenial: Bool
    ) -> Finding? {
        let denied = j.denied
        guard let first = denied.first, let explanation = first.explanation else { return nil }
        var reasons = explanation.reasons
        var partial = false
        if let t = j.translation {
            reasons.insert(serviceReason(t, j), at: 0)
            partial = denied.count < j.outcomes.count
        }
        let enforced = denied.allSatisfy { $0.explanation?.verdict.enforced ?? true }
        let network = j.network.description
        let via =
            j.translation == nil
            ? "" : " (after DNAT to \(partial ? "\(denied.count) of \(j.outcomes.count)" : "its") backends)"
        if !enforced {
            guard !forwardACLDenial else { return nil }
            reasons += enforcementReasons(flow, p)
            return finding(
                flow, p, evidence, .unenforceable, .high, "denied by policy, but nothing on its path can stop it" + via,
                network: network, reasons: reasons, rule: explanation.responsible)
        }
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
            reasons.append(
                FindingReason(
                    side: .capture,
                    text: "no packet came back: the destination's ingress may have dropped it after the capture point"))
        }
        return finding(
            flow, p, evidence, .deniedButObserved, severity, title, network: network, reasons: reasons,
            rule: explanation.responsible)
    }

    /// Why nothing stops RDMA or DPDK traffic here: the plane's transport and the ACLs it has.
    private func enforcementReasons(_ flow: JudgedFlow, _ p: FlowPlacement) -> [FindingReason] {
        guard let plane = p.plane else { return [] }
        var reasons: [FindingReason] = []
        let planeACLs = acls.planeACLs(plane)
        reasons.append(
            FindingReason(
                side: .plane,
                text: planeACLs.isEmpty
                    ? "no FabricACL is attached to the \(plane) plane (--acls)"
                    : "FabricACL \(planeACLs.map(\.name).joined(separator: ", ")) on the \(plane) plane permits it"))
        if let fabric = directory.fabric {
            switch fabric.settings(of: plane).transport {
            case .infiniband:
                let pkey =
                    flow.connection.roce.map { " (this flow's P_Key is 0x\(String($0.partitionKey, radix: 16)))" } ?? ""
                reasons.append(
                    FindingReason(
                        side: .plane,
                        text:
                            "the \(plane) plane is InfiniBand: only partitions (P_Key) isolate RDMA traffic there\(pkey)"
                    ))
            case .roce, .ethernet:
                reasons.append(
                    FindingReason(
                        side: .plane,
                        text:
                            "the \(plane) plane is Ethernet: only VLANs/VRFs and switch ACLs isolate RDMA traffic there"
                    ))
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
        return FindingReason(
            side: .service,
            text:
                "\(s.id) \(port): DNAT before policy, judged against its backends: \(backends.joined(separator: "; "))",
            location: s.location)
    }

    /// The fabric devices a connection's route joins on `plane`, when both ends are known there.
    private func route(_ c: Connection, _ p: FlowPlacement, plane: Plane) -> (from: DeviceID, to: DeviceID)? {
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
        guard let name = nodeName, let id = fabric.device(named: name),
            fabric.addresses.address(of: id, on: plane) != nil
        else {
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
