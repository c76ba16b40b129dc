import Findings
import InterlockCore
import Manifests
import Policy
import PolicyEngine

/// The Kubernetes side of the judgement: the compiled engine answers every connection (initiator's
/// egress AND responder's ingress; replies of an allowed connection are allowed, so a connection
/// is judged once, in the direction it was opened), and the reference evaluator explains each
/// denial (cached per question: many connections ask the same one).
///
/// The caches hold answers that do not change from one analysis to the next; what a run counts
/// lives in that run's `Counts`.
final class PolicyCheck {
    /// The answer for one destination: the responder itself, or one backend of a Service.
    struct Outcome {
        var query: Query
        var allowed: Bool
        /// The explanation, for denials.
        var explanation: Explanation?
        /// The backend pod, when the connection went to a Service's cluster IP.
        var backend: Int?
    }

    /// A denial explained, ready for findings (computed once per question).
    struct Explanation {
        var verdict: Verdict
        /// Each denying side's steps with their file and line, then the verdict's notes.
        var reasons: [FindingReason]
        /// The rule or policy the finding points at.
        var responsible: (id: String, location: SourceLocation)?
    }

    /// Every outcome of one connection.
    struct Judgement {
        var network: Network
        /// The Service whose cluster IP the connection went to (DNAT before policy).
        var translation: ServiceTranslation?
        var outcomes: [Outcome]

        var denied: [Outcome] { outcomes.filter { !$0.allowed } }

        /// What the connection adds to the counts (`count`).
        var tally: Tally {
            guard let t = translation, t.backends.isEmpty else {
                let allowed = outcomes.count(where: \.allowed)
                return Tally(
                    allowed: allowed, denied: outcomes.count - allowed, serviceConnections: translation == nil ? 0 : 1)
            }
            return Tally(serviceWithoutBackends: t.service)
        }
    }

    let engine: CompiledEngine
    var inventory: Inventory { engine.inventory }
    private var explanations: [Query: Explanation] = [:]
    private var translations: [ServiceKey: ServiceTranslation] = [:]

    private struct ServiceKey: Hashable {
        var service: Int
        var proto: UInt8
        var port: UInt16?
    }

    /// The NetworkPolicies (and MultiNetworkPolicies) written for particular pods (a non-empty pod
    /// selector), by reference.
    private let specific: Set<PolicyRef>

    init(engine: CompiledEngine) {
        self.engine = engine
        specific = Set(
            engine.reference.policies.networkPolicies.filter { !$0.podSelector.requirements.isEmpty }.map(\.ref))
    }

    /// The judgement of `flow` placed on `placement`, or `nil` when no Kubernetes policy has a say
    /// (no pod or Service involved); for a Service without backends, no outcome. Counts nothing:
    /// `count(_:into:)` does, once per connection.
    func judge(_ flow: JudgedFlow, _ placement: FlowPlacement) -> Judgement? {
        guard let network = placement.network else { return nil }
        let source = endpoint(flow.initiator, on: network)
        // The initiator's port, when a rule looks at source ports (otherwise questions stay shared in the cache).
        let sourcePort = flow.proto.hasPorts && engine.reference.looksAtSourcePorts ? flow.initiatorPort : nil
        if network == .pod, case .service(let s)? = placement.responder.reading?.owner {
            let key = ServiceKey(service: s, proto: flow.proto.rawValue, port: flow.port)
            let translation =
                translations[key]
                ?? ServiceTranslation(service: s, proto: flow.proto, port: flow.port, inventory: inventory)
            translations[key] = translation
            let outcomes = translation.backends.map { b in
                let query = Query(
                    network: .pod, source: source, destination: .pod(b.pod), proto: flow.proto,
                    port: flow.proto.hasPorts ? b.port : nil, sourcePort: sourcePort)
                return outcome(query, allowed: engine.isAllowed(query), backend: b.pod)
            }
            return Judgement(network: network, translation: translation, outcomes: outcomes)
        }
        let query = Query(
            network: network, source: source, destination: endpoint(flow.responder, on: network),
            proto: flow.proto, port: flow.port, sourcePort: sourcePort)
        // The by-address lookup: the same endpoints the query names, found in the compiled tables.
        let allowed = engine.isAllowed(
            network: network, source: flow.initiator, destination: flow.responder,
            proto: flow.proto, port: flow.port, sourcePort: sourcePort)
        return Judgement(network: network, translation: nil, outcomes: [outcome(query, allowed: allowed, backend: nil)])
    }

    /// What one connection adds to the counts: its verdicts, or the Service without backends it went to.
    struct Tally {
        var allowed = 0
        var denied = 0
        var serviceConnections = 0
        /// The Service (index) whose backends were missing: the connection was not judged.
        var serviceWithoutBackends: Int?
    }

    /// The counts of one analysis run: the tallies of its connections added up.
    struct Counts {
        var allowed = 0
        var denied = 0
        /// Connections judged against a Service's backends.
        var serviceConnections = 0
        /// Connections to a Service without backends (not judged), by service id.
        var servicesWithoutBackends: [String: Int] = [:]
    }

    /// Adds one connection judged `tally` to `counts`.
    func count(_ tally: Tally, into counts: inout Counts) {
        if let s = tally.serviceWithoutBackends {
            counts.servicesWithoutBackends[inventory.services[s].id, default: 0] += 1
        }
        counts.allowed += tally.allowed
        counts.denied += tally.denied
        counts.serviceConnections += tally.serviceConnections
    }

    private func outcome(_ query: Query, allowed: Bool, backend: Int?) -> Outcome {
        if allowed { return Outcome(query: query, allowed: true, explanation: nil, backend: backend) }
        if let known = explanations[query] {
            return Outcome(query: query, allowed: false, explanation: known, backend: backend)
        }
        let verdict = engine.verdict(query)
        let near = nearestRule(query, verdict)
        let explanation = Explanation(
            verdict: verdict,
            reasons: verdict.denialReasons + (near.map { [$0.reason] } ?? [])
                + verdict.notes.map { FindingReason(side: .note, text: $0) },
            responsible: responsible(verdict, near: near?.match))
        explanations[query] = explanation
        return Outcome(query: query, allowed: false, explanation: explanation, backend: backend)
    }

    /// The rule or policy a finding points at: the denying rule (admin tiers), else the rule the
    /// traffic needed (`near`), else the policy written for the pod among those isolating it (a
    /// non-empty pod selector before a namespace's default-deny), else the first.
    func responsible(_ verdict: Verdict, near: RuleMatch?) -> (id: String, location: SourceLocation)? {
        for side in [verdict.egress, verdict.ingress] where !side.allowed {
            if let rule = side.decidedBy.compactMap(\.rule).first { return (rule.policy.description, rule.location) }
            if let near { return (near.rule.policy.description, near.rule.location) }
            let selecting = side.steps.filter { $0.action == .selects }.compactMap(\.policy)
            if let policy = selecting.first(where: specific.contains) ?? selecting.first {
                return (policy.description, policy.location)
            }
        }
        return nil
    }

    /// The NetworkPolicy rule a denied connection needed, on the first side that denies it without an
    /// admin-tier rule: the reference evaluator's nearest rule (right peer and wrong port, or the
    /// reverse), with the reason that names it.
    private func nearestRule(_ query: Query, _ verdict: Verdict) -> (match: RuleMatch, reason: FindingReason)? {
        guard let side = [verdict.egress, verdict.ingress].first(where: { !$0.allowed }),
            !side.decidedBy.contains(where: { $0.rule != nil }),
            let near = engine.reference.nearestRule(for: query, direction: side.direction)
        else { return nil }
        let traffic = query.port.map { "\(query.proto)/\($0)" } ?? "\(query.proto)"
        let peer = side.direction == .egress ? "the destination" : "the source"
        let what = near.peersMatch ? "matches \(peer) but not \(traffic)" : "matches \(traffic) but not \(peer)"
        return (
            near,
            FindingReason(
                side: side.direction == .egress ? .egress : .ingress, text: "closest rule: \(near.rule) \(what)",
                location: near.rule.location)
        )
    }

    /// The policy endpoint of an address on `network`: its owner in the inventory, else external.
    private func endpoint(_ ip: IPAddress, on network: Network) -> PolicyEndpoint {
        switch inventory.owner(of: ip, on: network) {
        case .pod(let i)?: return .pod(i)
        case .node(let i)?: return .node(i)
        case nil: return .external(ip)
        }
    }
}

extension Verdict {
    /// The reasons behind a denial, side by side: for each denying side, the policies that select
    /// the pod and the step that denied, with the file and line of each.
    var denialReasons: [FindingReason] {
        var out: [FindingReason] = []
        for side in [egress, ingress] where !side.allowed {
            for step in side.steps where step.action != .skips && step.action != .allows {
                var text = "\(step.tier.rawValue) tier: "
                if let rule = step.rule {
                    text += "\(rule) \(step.action.rawValue)"
                } else if let policy = step.policy {
                    text += "\(policy) \(step.action.rawValue)"
                } else {
                    text += step.action.rawValue
                }
                if !step.detail.isEmpty { text += ": \(step.detail)" }
                out.append(
                    FindingReason(
                        side: side.direction == .egress ? .egress : .ingress, text: text,
                        location: step.rule?.location ?? step.policy?.location))
            }
        }
        return out
    }
}
