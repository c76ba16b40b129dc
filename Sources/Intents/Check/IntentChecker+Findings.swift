import Findings
import InterlockCore
import Policy

extension IntentChecker {
    /// The finding of one bundle: the witness pair, its explanation, and who else is affected.
    func finding(_ b: ViolationBundle) -> Finding {
        let rule = rules[b.rule]
        let space = spaces[b.space]
        let w = b.witness
        let s = space.members[w.source]
        let d = space.members[w.destination]
        let (proto, port) = TrafficSpec.witness(of: w.traffic, compute: space.view == .plane(.compute))!
        let sources = names(b.violations.flatMap { space.groups[$0.sourceGroup].members }, space, first: s.shortName)
        let destinations = names(
            b.violations.flatMap { space.groups[$0.destinationGroup].members }, space, first: d.shortName)
        let traffic = b.violations.map(\.traffic).reduce(ConnectionSet.none) { $0.union($1) }
        let who = Self.list(sources)
        let whom = Self.list(destinations)
        let what = TrafficSpec.describe(traffic)
        let title: String
        switch b.mode {
        case .denied: title = "\(who) reaches \(whom) on \(what)"
        case .sourceNotAllowed:
            title = "\(who) reaches \(whom) on \(what); only \(rule.from.joined(separator: ", ")) may"
        case .portNotAllowed:
            title = "\(whom) takes \(what) from \(who); only \(TrafficSpec.describe(rule.ports ?? .all)) is allowed"
        case .missing: title = "\(who) cannot reach \(whom) on \(what)"
        }
        var reasons = [
            FindingReason(
                side: .intent,
                text:
                    "\(rule.id) (\(rule.kind.rawValue)): \(rule.description.isEmpty ? summary(rule) : rule.description)",
                location: rule.location)
        ]
        reasons += b.reasons
        if sources.count > 1 || destinations.count > 1 {
            reasons.append(
                FindingReason(
                    side: .scope,
                    text:
                        "\(sources.count) source\(sources.count == 1 ? "" : "s") (\(Self.list(sources, limit: 6))), \(destinations.count) destination\(destinations.count == 1 ? "" : "s") (\(Self.list(destinations, limit: 6)))"
                ))
        }
        return Finding(
            kind: .intentViolation, severity: rule.severity, title: "\(rule.id): \(title)",
            source: FindingEndpoint(name: s.name, address: s.address?.description),
            destination: FindingEndpoint(name: d.name, address: d.address?.description, port: port),
            proto: proto.description, network: space.view.name, reasons: reasons, ruleID: rule.id,
            location: b.responsible ?? rule.location)
    }

    /// Distinct short names of members, `first` (the witness's) first, then sorted.
    private func names(_ members: [Int], _ space: ViewSpace, first: String) -> [String] {
        [first] + Set(members.map { space.members[$0].shortName }).subtracting([first]).sorted()
    }

    /// `a`, `a and b`, or `a (+N more)`.
    static func list(_ names: [String], limit: Int = 1) -> String {
        if names.count <= limit { return names.joined(separator: ", ") }
        if names.count == 2 && limit == 1 { return "\(names[0]) and \(names[1])" }
        return names.prefix(limit).joined(separator: ", ") + " (+\(names.count - limit) more)"
    }

    /// `deny llm → internet (all traffic)` when a rule has no description.
    func summary(_ rule: IntentRule) -> String {
        let from = rule.from.isEmpty ? "any" : rule.from.joined(separator: ", ")
        let to = rule.to.joined(separator: ", ")
        switch rule.kind {
        case .deny where !rule.between.isEmpty: return "no traffic between \(rule.between.joined(separator: ", "))"
        case .deny: return "no \(TrafficSpec.describe(rule.traffic)) from \(from) to \(to)"
        case .allowOnly:
            return "\(TrafficSpec.describe(rule.traffic)) into \(to) only from \(from)"
                + (rule.ports.map { " on \(TrafficSpec.describe($0))" } ?? "")
        case .require: return "\(from) must reach \(to) on \(TrafficSpec.describe(rule.traffic))"
        }
    }
}
