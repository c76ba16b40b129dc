import Fabric
import InterlockCore
import Policy
import PolicyEngine
import Traffic

/// What a policy change does to simulated traffic (`policy diff --jobs`): one collective over every
/// job of a jobs file, each flow judged by the fabric ACLs and the Kubernetes policies of both states.
///
/// One communicator spans all the jobs, so that traffic between jobs (and tenants) is simulated
/// beside each job's own: with the default all-to-all without PXN, every pair of ranks on different
/// nodes is one flow, judged between the pods that hold its two ranks.
public struct SimulatedImpact: Sendable {
    /// Flows and bytes of a kind.
    public struct Amount: Equatable, Sendable {
        /// Number of flows.
        public var flows = 0
        /// Their bytes, summed.
        public var bytes = 0.0
    }

    /// The jobs file and the collective run over its jobs.
    public var input: JobsInput
    /// Jobs placed.
    public var jobs: Int
    /// Ranks placed over all the jobs.
    public var ranks: Int
    /// Every flow simulated.
    public var total: Amount
    /// The groups of flows whose verdict changes, each with the rule that stops them (file:line).
    public var change: PolicyChange
    /// Ranks without a pod, ACLs that attach to nothing, input warnings of the two states.
    public var warnings: [String]

    /// Stopped by an enforcement point after the change, not before.
    public var blocked: Amount { amount(after: .blocked) }
    /// Allowed after the change, denied before.
    public var newlyAllowed: Amount { amount(after: .allowed) }
    /// Denied by a Kubernetes policy after the change where nothing enforces it (RDMA): the flows go on.
    public var unenforceable: Amount { amount(after: .unenforceable) }
    /// Flows whose verdict stays.
    public var unchanged: Amount {
        let changed = Self.sum(change.rows)
        return Amount(flows: total.flows - changed.flows, bytes: total.bytes - changed.bytes)
    }

    private func amount(after verdict: FlowVerdict) -> Amount { Self.sum(change.rows.filter { $0.after == verdict }) }

    private static func sum(_ rows: [PolicyChange.Row]) -> Amount {
        rows.reduce(Amount()) { Amount(flows: $0.flows + $1.flows, bytes: $0.bytes + $1.bytes) }
    }

    /// Places the jobs of `input` on `fabric`, runs its collective over all of them as one
    /// communicator, and judges every flow with `before` and with `after` (Kubernetes policies
    /// evaluated with `options`).
    ///
    /// - Throws: `InputError` when the jobs file cannot be read or placed, when a state's ACLs attach to
    ///   planes or switches the fabric lacks, or when the collective cannot run on the jobs.
    public static func compute(
        before: PolicyBundle, after: PolicyBundle, input: JobsInput, fabric: FabricGraph,
        options: EvaluationOptions
    ) throws(InputError) -> SimulatedImpact {
        let placement = try JobsFile.load(path: input.path, fabric: fabric)
        func judge(_ side: PolicyBundle) throws(InputError) -> PolicyJudge {
            let engine = CompiledEngine(
                inventory: side.input.inventory, policies: side.input.policies, options: options)
            return try PolicyJudge(bundle: side, placement: placement, fabric: fabric, engine: engine)
        }
        let judgeBefore = try judge(before)
        let judgeAfter = try judge(after)
        let collective = CollectiveOptions(collective: input.collective, size: input.size, pxn: input.pxn, span: .all)
        let run = try TrafficSimulator.run(
            fabric: fabric, placement: placement,
            options: SimulationOptions(collective: collective, routing: input.routing),
            judging: .compare(before: judgeBefore, after: judgeAfter))
        let change = PolicyChange(
            before: judgeBefore, after: judgeAfter, changes: run.changes ?? Tally(),
            placement: placement, collective: input.collective)
        var warnings: [String] = []
        for w in placement.warnings + judgeBefore.warnings + judgeAfter.warnings where !warnings.contains(w) {
            warnings.append(w)
        }
        return SimulatedImpact(
            input: input, jobs: placement.jobs.count, ranks: placement.rankCount,
            total: Amount(flows: run.statistics.flows, bytes: run.statistics.bytes),
            change: change, warnings: warnings)
    }

    /// A summary line, then a row per group of flows whose verdict changes.
    public var text: String {
        func amount(_ a: Amount) -> String { a.flows == 0 ? "0" : "\(a.flows) (\(Units.formatBytes(a.bytes)))" }
        var out = "\nImpact on simulated traffic (\(input.summary); \(jobs) jobs, \(ranks) ranks, of \(input.path)): "
        out += "\(total.flows) flows, \(amount(blocked)) blocked, "
        out += "\(amount(newlyAllowed)) newly allowed, \(amount(unenforceable)) denied but unenforceable, "
        out += "\(unchanged.flows) unchanged\n"
        return change.rows.isEmpty ? out : out + change.table(indent: "  ")
    }

    /// The inputs, the totals per kind (`flows`, `bytes`), the changed groups (`changes`, as
    /// `traffic simulate --compare` gives them) and the warnings.
    public var json: JSON {
        func amount(_ a: Amount) -> JSON { .object([("flows", .int(a.flows)), ("bytes", .double(a.bytes))]) }
        return .object([
            ("jobsFile", .string(input.path)), ("jobs", .int(jobs)), ("ranks", .int(ranks)),
            ("collective", .string(input.collective.rawValue)), ("size", .double(input.size)),
            ("pxn", .bool(input.pxn)),
            ("flows", .int(total.flows)), ("bytes", .double(total.bytes)),
            ("blocked", amount(blocked)), ("newlyAllowed", amount(newlyAllowed)),
            ("unenforceable", amount(unenforceable)), ("unchanged", amount(unchanged)),
            ("changes", change.json), ("warnings", .array(warnings.map { .string($0) })),
        ])
    }
}
