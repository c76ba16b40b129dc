import Fabric
import FabricACL
import Findings
import InterlockCore
import Manifests
import Policy
import PolicyEngine

/// Checks segmentation intents against everything the inputs allow: statically against the whole
/// connectivity of every view (class by class, each violation with a witness), and dynamically
/// against observed or simulated traffic.
public final class IntentChecker {
    /// What the checker was built on.
    public let inputs: CheckInputs
    let catalog: ZoneCatalog
    let matcher: ZoneMatcher
    let spaces: [ViewSpace]
    let witness: KubernetesWitness?
    /// Rules with the views each is checked on, or why it is not checked.
    public private(set) var coverage: [(rule: String, views: [String], note: String?)] = []

    /// Resolves the zones on every view the inputs allow and groups their members.
    ///
    /// - Throws: `InputError` at the zone's line when a zone names a node, partition or VRF that does
    ///   not exist.
    public init(_ inputs: CheckInputs) throws(InputError) {
        self.inputs = inputs
        catalog = try ZoneCatalog(inputs: inputs)
        matcher = ZoneMatcher(catalog: catalog, inputs: inputs)
        spaces = ViewSpaces.build(inputs, matcher: matcher)
        witness = inputs.engine.map { KubernetesWitness(engine: $0, policies: inputs.policy!.policies) }
    }

    var rules: [IntentRule] { inputs.intents.rules }

    /// The views checked, in order.
    public var views: [View] { spaces.map(\.view) }

    /// Every zone with its member count on each view.
    public var zoneSizes: [(zone: String, members: Int)] {
        catalog.zones.indices.map { z in
            (catalog.zones[z].name, spaces.reduce(0) { n, sp in n + sp.members.filter { $0.zones.contains(z) }.count })
        }
    }

    // MARK: Static check

    /// One finding per rule, view and responsible line.
    public func staticFindings() -> [Finding] {
        coverage = []
        var bundles: [ViolationBundle] = []
        for (r, rule) in rules.enumerated() {
            var checked: [String] = []
            for (k, space) in spaces.enumerated() where rule.applies(on: space.view) {
                guard let found = violations(of: r, in: k) else { continue }
                checked.append(space.view.name)
                for v in found { add(v, to: &bundles) }
            }
            coverage.append((rule.id, checked, checked.isEmpty ? "not checked: \(emptyZones(rule))" : nil))
        }
        return bundles.map(finding)
    }

    /// Why a rule was checked nowhere: the zones it names without members, or no common view.
    private func emptyZones(_ rule: IntentRule) -> String {
        var names: [String] = []
        for name in rule.from + rule.to + rule.between where name != IntentSet.tenantFamily && !names.contains(name) {
            names.append(name)
        }
        let empty = names.filter { name in
            guard let z = catalog.index(of: name) else { return true }
            return !spaces.contains { $0.members.contains { $0.zones.contains(z) } }
        }
        if rule.between == [IntentSet.tenantFamily] { return "fewer than two tenants have members" }
        if !empty.isEmpty {
            return
                "zone\(empty.count == 1 ? "" : "s") \(empty.joined(separator: ", ")) \(empty.count == 1 ? "has" : "have") no members"
        }
        return "its zones share no view"
            + (rule.views.map { " among \($0.map(\.description).joined(separator: ", "))" } ?? "")
    }

    /// The violations of rule `r` on space `k`, or `nil` when the rule's zones have no members there.
    func violations(of r: Int, in k: Int) -> [Violation]? {
        let rule = rules[r]
        let space = spaces[k]
        var out: [Violation] = []
        func judge(_ gs: Int, _ gd: Int, _ body: (ConnectionSet) -> (Violation.Mode, ConnectionSet)?) {
            guard let (set, a, b) = space.connections(gs, gd), let (mode, bad) = body(set), !bad.isEmpty else { return }
            out.append(
                Violation(
                    rule: r, space: k, mode: mode, sourceGroup: gs, destinationGroup: gd, source: a, destination: b,
                    traffic: bad))
        }
        switch rule.kind {
        case .deny where !rule.between.isEmpty:
            let zones = catalog.indices(rule.between)
            let present = zones.filter { !space.groups(in: [$0]).isEmpty }
            guard present.count >= 2 else { return nil }
            for i in present {
                for j in present where j != i {
                    let sources = space.groups(in: [i])
                    let destinations = space.groups(in: [j])
                    for gs in sources where !space.groups[gs].zones.contains(j) {
                        for gd in destinations where !space.groups[gd].zones.contains(i) {
                            judge(gs, gd) { set in (.denied, set.intersecting(rule.traffic)) }
                        }
                    }
                }
            }
        case .deny:
            let sources = space.groups(in: catalog.indices(rule.from))
            let destinations = space.groups(in: catalog.indices(rule.to))
            guard !sources.isEmpty, !destinations.isEmpty else { return nil }
            for gs in sources { for gd in destinations { judge(gs, gd) { (.denied, $0.intersecting(rule.traffic)) } } }
        case .allowOnly:
            let destinations = space.groups(in: catalog.indices(rule.to))
            guard !destinations.isEmpty else { return nil }
            let allowed = catalog.indices(rule.from)
            for gs in space.groups.indices {
                let permittedSource = allowed.isEmpty || space.groups[gs].zones.contains(anyOf: allowed)
                for gd in destinations {
                    judge(gs, gd) { set in
                        let scoped = set.intersecting(rule.traffic)
                        if !permittedSource { return (.sourceNotAllowed, scoped) }
                        guard let ports = rule.ports else { return nil }
                        return (.portNotAllowed, scoped.subtracting(ports))
                    }
                }
            }
        case .require:
            let sources = space.groups(in: catalog.indices(rule.from))
            let destinations = space.groups(in: catalog.indices(rule.to))
            guard !sources.isEmpty, !destinations.isEmpty else { return nil }
            for gs in sources { for gd in destinations { judge(gs, gd) { (.missing, rule.traffic.subtracting($0)) } } }
        }
        return out
    }

    /// Files a violation under the bundle of its rule, view, mode and responsible line.
    private func add(_ v: Violation, to bundles: inout [ViolationBundle]) {
        let space = spaces[v.space]
        let s = space.members[v.source]
        let d = space.members[v.destination]
        guard let (proto, port) = TrafficSpec.witness(of: v.traffic, compute: space.view == .plane(.compute)) else {
            return
        }
        let (reasons, responsible) = explain(space, s, d, proto, port, allowed: v.mode != .missing)
        if let i = bundles.firstIndex(where: {
            $0.rule == v.rule && $0.space == v.space && $0.mode == v.mode && $0.responsible == responsible
        }) {
            bundles[i].violations.append(v)
            return
        }
        var bundle = ViolationBundle(
            rule: v.rule, space: v.space, mode: v.mode, responsible: responsible, witness: v, reasons: reasons)
        bundle.violations = [v]
        bundles.append(bundle)
    }

    /// The witness of one member pair and (proto, port): the steps and the responsible line.
    func explain(
        _ space: ViewSpace, _ s: Member, _ d: Member, _ proto: IPProtocol, _ port: UInt16,
        allowed: Bool
    ) -> ([FindingReason], SourceLocation?) {
        switch space.judge {
        case .kubernetes(let network, _):
            let r = allowed ? witness!.allowed(network, s, d, proto, port) : witness!.denied(network, s, d, proto, port)
            return (r.reasons, r.responsible)
        case .fabric(let plane):
            let r = plane.explain(s, d, proto, port)
            return (r.reasons, r.responsible)
        }
    }
}
