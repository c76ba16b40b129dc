import Capture
import Fabric
import Findings
import FlowLogs
import Intents
import InterlockCore
import Manifests
import Policy
import PolicyEngine

/// What a proposed policy change does to real traffic, to simulated traffic and to the intents: the
/// observed connections it would block or newly allow, the simulated flows whose verdict it changes,
/// and the intents it breaks or mends (`policy diff --capture --jobs --intents`).
public struct ChangeImpact: Sendable {
    /// One observed connection whose verdict changes.
    public struct Change: Sendable {
        /// The initiator: the pod or `node/NAME` owning its address, with the address in parentheses, or
        /// the bare address when nothing in the inventory owns it.
        public var source: String
        /// The responder, named the same way.
        public var destination: String
        /// The connection's IP protocol.
        public var proto: IPProtocol
        /// The destination port, for protocols that carry one.
        public var port: UInt16?
        /// The connection's packets, bytes, first and last packet and capture file.
        public var evidence: Evidence
    }

    /// Allowed before, denied after.
    public var blocked: [Change] = []
    /// Denied before, allowed after.
    public var newlyAllowed: [Change] = []
    /// Observed connections on the network whose verdict does not change.
    public var unchanged = 0
    /// The captures judged.
    public var captures: [String] = []
    /// Connections not on the network (other plane, no address the inventory knows on either side).
    public var elsewhere = 0
    /// Findings of intents after the change whose rule had none before, and rules broken before only.
    public var broken: [Finding] = []
    /// Rule ids of intents broken before the change and no longer after, sorted.
    public var mended: [String] = []
    /// The simulated flows' verdicts before and after (`--jobs`), computed apart with
    /// `SimulatedImpact.compute`.
    public var simulated: SimulatedImpact?

    /// Judges every connection of `captures` (initiator's egress and responder's ingress) with both
    /// policy sets, and checks `intents` (when given) on both sides.
    ///
    /// - Throws: `InputError` when a capture cannot be read, or when the intents do not resolve on the
    ///   inputs (a zone naming a node, partition or VRF that does not exist).
    public static func compute(
        before: PolicyInput, after: PolicyInput, network: Network, options: EvaluationOptions,
        captures: [String], intents: IntentSet?, fabric: FabricGraph?
    ) throws -> ChangeImpact {
        var impact = ChangeImpact()
        impact.captures = captures
        let one = CompiledEngine(inventory: before.inventory, policies: before.policies, options: options)
        let two = CompiledEngine(inventory: after.inventory, policies: after.policies, options: options)
        let inventory = before.inventory
        for path in captures {
            for c in try TrafficInputs.collect(paths: [path]).connections {
                let s = c.initiatorAddress
                let d = c.responderAddress
                guard inventory.owner(of: s, on: network) != nil || inventory.owner(of: d, on: network) != nil else {
                    impact.elsewhere += 1
                    continue
                }
                let port: UInt16? = c.proto.hasPorts ? c.responderPort : nil
                let was = one.isAllowed(network: network, source: s, destination: d, proto: c.proto, port: port)
                let now = two.isAllowed(network: network, source: s, destination: d, proto: c.proto, port: port)
                guard was != now else {
                    impact.unchanged += 1
                    continue
                }
                var evidence = Evidence(
                    packets: Int(c.packets), bytes: Int(c.bytes), firstPacket: c.firstPacket, lastPacket: c.lastPacket,
                    firstTimestamp: c.firstTimestamp, lastTimestamp: c.lastTimestamp, source: path)
                if let log = c.flowLog {
                    evidence.positions = log.format.isText ? "line" : "record"
                    evidence.countsKnown = log.packetsKnown && log.bytesKnown
                }
                let change = Change(
                    source: name(s, inventory, network), destination: name(d, inventory, network), proto: c.proto,
                    port: port, evidence: evidence)
                if was { impact.blocked.append(change) } else { impact.newlyAllowed.append(change) }
            }
        }
        if let intents {
            let old = try IntentChecker(CheckInputs(intents: intents, fabric: fabric, policy: before, engine: one))
                .staticFindings()
            let new = try IntentChecker(CheckInputs(intents: intents, fabric: fabric, policy: after, engine: two))
                .staticFindings()
            let brokenBefore = Set(old.compactMap(\.ruleID))
            let brokenAfter = Set(new.compactMap(\.ruleID))
            impact.broken = new.filter { !brokenBefore.contains($0.ruleID ?? "") }.sorted(by: Finding.reportOrder)
            impact.mended = brokenBefore.subtracting(brokenAfter).sorted()
        }
        return impact
    }

    private static func name(_ ip: IPAddress, _ inventory: Inventory, _ network: Network) -> String {
        switch inventory.owner(of: ip, on: network) {
        case .pod(let i)?: return "\(inventory.describe(.pod(i))) (\(ip))"
        case .node(let j)?: return "node/\(inventory.nodes[j].name) (\(ip))"
        case nil: return "\(ip)"
        }
    }

    /// Whether the change blocks observed traffic or simulated flows, or breaks an intent.
    public var hurts: Bool { !blocked.isEmpty || !broken.isEmpty || (simulated?.blocked.flows ?? 0) > 0 }

    /// The impact as text, after the connectivity diff.
    public var text: String {
        var out = ""
        if !captures.isEmpty {
            out +=
                "\nImpact on observed traffic: \(blocked.count) blocked, \(newlyAllowed.count) newly allowed, \(unchanged) unchanged"
            out += elsewhere > 0 ? ", \(elsewhere) not on this network\n" : "\n"
        }
        for (title, list) in [
            ("blocked (allowed before, denied after)", blocked),
            ("newly allowed (denied before, allowed after)", newlyAllowed),
        ] where !list.isEmpty {
            out += "\(title):\n"
            for c in list { out += "  \(Self.describe(c))\n" }
        }
        if let simulated { out += simulated.text }
        if !broken.isEmpty || !mended.isEmpty {
            out += "\nIntents broken by the change:\(broken.isEmpty ? " none" : "")\n"
            for f in broken { out += "  [\(f.severity.rawValue)] \(f.title)\(f.location.map { " (\($0))" } ?? "")\n" }
            if !mended.isEmpty { out += "Intents no longer broken: \(mended.joined(separator: ", "))\n" }
        }
        return out
    }

    static func describe(_ c: Change) -> String {
        var text = "\(c.source) -> \(c.destination)"
        if let p = c.port { text += ":\(p)" }
        text += " \(c.proto): " + (c.evidence.countsKnown ? "\(c.evidence.packets) packets" : "packets unknown")
        if let first = c.evidence.firstPacket {
            text += ", \(c.evidence.positions ?? "frame")s \(first)-\(c.evidence.lastPacket ?? first)"
        }
        if let s = c.evidence.source { text += " in \(s)" }
        return text
    }

    /// The impact as JSON: `blocked`, `newlyAllowed` (connections with evidence), counts, the
    /// simulated flows (`simulated`, null without jobs), and the intent findings the change
    /// introduces (the findings schema).
    public var json: JSON {
        func list(_ changes: [Change]) -> JSON {
            .array(
                changes.map { c in
                    var f: [(String, JSON)] = [
                        ("source", .string(c.source)), ("destination", .string(c.destination)),
                        ("protocol", .string(c.proto.description)),
                    ]
                    if let p = c.port { f.append(("port", .int(Int(p)))) }
                    let known = c.evidence.countsKnown
                    f.append(("packets", CountField.json(c.evidence.packets, known: known)))
                    f.append(("bytes", CountField.json(c.evidence.bytes, known: known)))
                    if let v = c.evidence.firstPacket { f.append(("firstPacket", .int(v))) }
                    if let v = c.evidence.lastPacket { f.append(("lastPacket", .int(v))) }
                    if let v = c.evidence.source { f.append(("capture", .string(v))) }
                    return .object(f)
                })
        }
        return .object([
            ("blocked", list(blocked)), ("newlyAllowed", list(newlyAllowed)), ("unchanged", .int(unchanged)),
            ("notOnNetwork", .int(elsewhere)), ("simulated", simulated?.json ?? .null),
            ("brokenIntents", .array(broken.map(\.json))),
            ("mendedIntents", .array(mended.map { .string($0) })),
        ])
    }
}
