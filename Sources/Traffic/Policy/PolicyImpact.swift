import Fabric
import Findings
import InterlockCore
import Manifests
import Policy

/// What one policy state does to the simulated traffic: per job and per rule, and the findings.
public struct PolicyImpact: Sendable {
    /// Flows a job sends (storage reads count for the reading job), by verdict.
    public struct JobRow: Sendable {
        /// The job's name.
        public var job: String
        /// The job's tenant.
        public var tenant: String
        /// Flows by verdict.
        public var flows: [FlowVerdict: Int] = [:]
        /// Bytes by verdict.
        public var bytes: [FlowVerdict: Double] = [:]
    }

    /// Flows one enforcer (an ACL rule, or the Kubernetes policies) stops or would stop.
    public struct RuleRow: Sendable {
        /// Blocked, or unenforceable.
        public var verdict: FlowVerdict
        /// `ACL tenant-isolation (plane compute) rule 2 'alpha-to-beta' denies`, or the deciding
        /// Kubernetes step.
        public var rule: String
        /// Where the rule is written, when it is in a file.
        public var location: SourceLocation?
        /// Flows it stops or would stop.
        public var flows: Int
        /// Their bytes.
        public var bytes: Double
    }

    /// The policy state's path, as the user named it.
    public var path: String
    /// One row per job, in placement order.
    public var jobs: [JobRow]
    /// One row per enforcer that stops flows.
    public var rules: [RuleRow]
    /// Findings (`blocked`, `unenforceable`) for the groups of flows the state stops or cannot stop.
    public var findings: [Finding]

    /// Summarizes the tally of `judge`. Each group is explained from its first flow (the lowest
    /// ranks): the pods of a job share a template, so one pod pair stands for the group.
    public init(judge: PolicyJudge, tally: PolicyTally, placement: JobPlacement, collective: Collective) {
        path = judge.bundle.path
        var jobs = placement.jobs.map { JobRow(job: $0.name, tenant: $0.tenant) }
        var rules: [String: RuleRow] = [:]
        var findings: [Finding] = []
        for (key, value) in tally.sorted {
            let j = key.sourceJob >= 0 ? key.sourceJob : key.destinationJob
            if j >= 0 {
                jobs[Int(j)].flows[key.verdict, default: 0] += value.flows
                jobs[Int(j)].bytes[key.verdict, default: 0] += value.bytes
            }
            guard key.verdict != .allowed else { continue }
            let why = judge.explain(key, value.example)
            let id = "\(key.verdict)|\(why.rule)"
            if rules[id] == nil {
                rules[id] = RuleRow(verdict: key.verdict, rule: why.rule, location: why.location, flows: 0, bytes: 0)
            }
            rules[id]!.flows += value.flows
            rules[id]!.bytes += value.bytes
            findings.append(judge.finding(key, value, why: why, placement: placement, collective: collective))
        }
        self.jobs = jobs
        self.rules = rules.values.sorted { ($0.verdict, -$0.flows, $0.rule) < ($1.verdict, -$1.flows, $1.rule) }
        self.findings = findings
    }
}

/// Flows whose verdict differs between two policy states (`--policies BEFORE --compare AFTER`).
public struct PolicyChange: Sendable {
    /// One group of flows between two jobs whose verdict changed.
    public struct Row: Sendable {
        /// The sending job's name.
        public var sourceJob: String
        /// The receiving job's name.
        public var destinationJob: String
        /// The verdict in the before state.
        public var before: FlowVerdict
        /// The verdict in the after state.
        public var after: FlowVerdict
        /// The rule of the state that stops the flow (the after state's, or for flows now allowed,
        /// the before state's).
        public var rule: String
        /// Where that rule is written, when it is in a file.
        public var location: SourceLocation?
        /// Flows in the group.
        public var flows: Int
        /// Their bytes.
        public var bytes: Double
    }

    /// The changed groups, in `ChangeKey` order.
    public var rows: [Row]
    /// Findings for flows the change newly blocks or leaves unenforced.
    public var findings: [Finding]

    /// Summarizes `changes`, the groups a run with the judges `before` and `after` found changed; each
    /// group is explained from its first flow, like `PolicyImpact`.
    public init(
        before: PolicyJudge, after: PolicyJudge, changes: Tally<ChangeKey>, placement: JobPlacement,
        collective: Collective
    ) {
        var rows: [Row] = []
        var findings: [Finding] = []
        func name(_ j: Int32) -> String { j >= 0 ? placement.jobs[Int(j)].name : "storage" }
        for (key, value) in changes.sorted {
            let judge = key.after.verdict == .allowed ? before : after
            var explained = key.after
            if key.after.verdict == .allowed { explained.verdict = key.before }
            let why = judge.explain(explained, value.example)
            rows.append(
                Row(
                    sourceJob: name(key.after.sourceJob), destinationJob: name(key.after.destinationJob),
                    before: key.before, after: key.after.verdict, rule: why.rule, location: why.location,
                    flows: value.flows, bytes: value.bytes))
            if key.after.verdict != .allowed {
                var f = after.finding(key.after, value, why: why, placement: placement, collective: collective)
                f.title = "the change makes \(key.before) flows \(key.after.verdict): " + f.title
                findings.append(f)
            }
        }
        self.rows = rows
        self.findings = findings
    }
}

/// Why a group of flows got its verdict.
struct Explanation: Sendable {
    var rule: String
    var location: SourceLocation?
    var reasons: [FindingReason]
}

extension PolicyJudge {
    /// The enforcer of a group, from its example flow.
    func explain(_ key: TallyKey, _ example: FlowExample) -> Explanation {
        if key.acl >= 0 {
            let (text, location) = acls.describe(acl: Int(key.acl), rule: Int(key.rule))
            return Explanation(
                rule: text, location: location, reasons: [FindingReason(side: .acl, text: text, location: location)])
        }
        guard key.acl == -1, example.sourceIdentity >= 0, example.destinationIdentity >= 0 else {
            return Explanation(rule: "-", location: nil, reasons: [])
        }
        let a = identities.entries[Int(example.sourceIdentity)]
        let b = identities.entries[Int(example.destinationIdentity)]
        let verdict = engine.verdict(
            Query(
                network: a.network, source: .pod(a.pod), destination: .pod(b.pod),
                proto: IPProtocol(rawValue: key.proto), port: key.port))
        var reasons: [FindingReason] = []
        var rule = "Kubernetes policy"
        var location: SourceLocation?
        for side in [verdict.egress, verdict.ingress] where !side.allowed {
            let direction = side.direction.rawValue
            let reasonSide: FindingReason.Side = side.direction == .egress ? .egress : .ingress
            for step in side.decidedBy {
                reasons.append(
                    FindingReason(
                        side: reasonSide, text: step.description,
                        location: step.rule?.location ?? step.policy?.location))
            }
            guard let step = side.decidedBy.first else { continue }
            if let named = step.rule.map(\.description) ?? step.policy.map(\.description) {
                rule = "\(direction): \(named) \(step.action.rawValue)"
                location = location ?? step.rule?.location ?? step.policy?.location
            } else {
                // Denied for want of a matching rule: name the policies that isolate the pod.
                let isolating = side.steps.filter { $0.tier == step.tier && $0.action == .selects }.compactMap(\.policy)
                for p in isolating {
                    reasons.append(FindingReason(side: reasonSide, text: "\(p) selects the pod", location: p.location))
                }
                let names = isolating.map(\.description).joined(separator: ", ")
                rule = "\(direction): " + (names.isEmpty ? step.tier.rawValue : names) + " isolates, no rule matches"
                location = location ?? isolating.first?.location
            }
        }
        if key.verdict == .unenforceable {
            reasons.append(
                FindingReason(
                    side: .plane,
                    text:
                        "\(key.plane) traffic is RDMA (RoCEv2/InfiniBand verbs), which bypasses the kernel: no Kubernetes policy filters it, and no fabric ACL on its way denies it"
                ))
        }
        return Explanation(rule: rule, location: location, reasons: reasons)
    }

    /// The finding for a group of stopped or unenforced flows.
    func finding(
        _ key: TallyKey, _ value: TallyValue, why: Explanation, placement: JobPlacement,
        collective: Collective
    ) -> Finding {
        func job(_ j: Int32) -> String { j >= 0 ? "job \(placement.jobs[Int(j)].name)" : "storage" }
        func endpoint(_ device: DeviceID, identity: Int32, port: UInt16?) -> FindingEndpoint {
            let name = fabric.devices[Int(device)].name
            if identity >= 0 {
                let e = identities.entries[Int(identity)]
                return FindingEndpoint(
                    name: bundle.input.inventory.pods[e.pod].id, address: e.address.description, port: port)
            }
            let address = fabric.addresses.address(of: device, on: key.plane)?.description
            return FindingEndpoint(name: name, address: address, port: port)
        }
        let proto =
            key.proto == IPProtocol.udp.rawValue && key.port == WireIdentifiers.roceV2Port
            ? "RoCEv2" : IPProtocol(rawValue: key.proto).description
        let amount = "\(value.flows) \(value.flows == 1 ? "flow" : "flows") (\(Units.formatBytes(value.bytes)))"
        let title: String
        if key.verdict == .blocked {
            title =
                "\(amount) of \(collective) from \(job(key.sourceJob)) to \(job(key.destinationJob)) blocked by \(why.rule)"
        } else {
            title =
                "a Kubernetes policy denies \(amount) of \(collective) from \(job(key.sourceJob)) to \(job(key.destinationJob)) on the \(key.plane) plane, but nothing enforces it"
        }
        // A Kubernetes verdict names the pod network it is about; an ACL's, the plane.
        var network = key.plane.name
        if key.acl == -1, value.example.sourceIdentity >= 0 {
            network = identities.entries[Int(value.example.sourceIdentity)].network.description
        }
        var ruleID: String?
        if key.acl >= 0 {
            ruleID = "acl/\(acls.acls[Int(key.acl)].name)/" + (key.rule >= 0 ? "rule-\(key.rule)" : "default")
        }
        return Finding(
            kind: key.verdict == .blocked ? .blocked : .unenforceable,
            severity: key.verdict == .blocked ? .high : .medium, title: title,
            source: endpoint(value.example.source, identity: value.example.sourceIdentity, port: nil),
            destination: endpoint(
                value.example.destination, identity: value.example.destinationIdentity, port: key.port),
            proto: proto, network: network, reasons: why.reasons,
            evidence: Evidence(bytes: Int(value.bytes), source: "simulated \(collective)", flows: value.flows),
            ruleID: ruleID, location: why.location)
    }
}
