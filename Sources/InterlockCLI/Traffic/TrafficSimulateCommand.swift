import ArgumentParser
import Fabric
import Foundation
import InterlockCore
import Manifests
import Traffic

/// `interlock traffic simulate`: a collective on placed jobs, routed as the fabric routes it.
struct TrafficSimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract:
            "Generate a collective's flows on placed jobs, route them, and report link loads, time and policy impact.",
        discussion: """
            Collectives: all-reduce (ring), tree-all-reduce, reduce-scatter, all-gather, all-to-all, \
            permutation, incast, storage-read (storage plane), background (front-end plane). Channels \
            are rail-aligned: channel c leaves every node through NIC c mod rails. Flows are RoCEv2 \
            (UDP 4791) with one entropy source port per QP. Without --iteration-time or --rate, the \
            predicted time is when the most loaded link direction finishes, and utilization is measured \
            over it. With --policies, every flow is judged by the fabric ACLs on its way and the \
            Kubernetes policies (compiled engine); denials that nothing enforces (RDMA) are findings.

            Exit status: 0 no findings, 1 flows blocked or unenforceable, 2 bad input.
            """)

    @OptionGroup var placed: PlacedCollectiveArguments

    @Option(help: "Override every plane's routing (fluid: an even split over all equal-cost paths).")
    var routing: RoutingChoice?

    @Option(help: ArgumentHelp("Measure utilization over this iteration time (e.g. 20ms).", valueName: "duration"))
    var iterationTime: Quantity<TimeSpan>?

    @Option(help: "Run the collective at this algorithm bandwidth (e.g. 400Gb/s): utilization over S / rate.")
    var rate: Quantity<BitRate>?

    @Option(help: "Remove a link (id from `topology expand`) before routing; repeatable.")
    var failLink: [Int] = []

    @Option(help: "Remove a switch (by name) before routing; repeatable.")
    var failSwitch: [String] = []

    @Option(help: "Judge every flow against these manifests, policies and FabricACLs (file or directory).")
    var policies: String?

    @Option(help: "With --policies: a second policy state; report what changes from the first to it.")
    var compare: String?

    @OptionGroup var pattern: PatternArguments

    @Flag(help: "Also predict each job alone and with the others under max-min fair sharing of every link.")
    var fairShare = false

    @Option(
        help: ArgumentHelp(
            "Divide this host's NIC link capacity by FACTOR (>= 1) and predict with fair sharing; repeatable.",
            valueName: "node=factor"))
    var straggler: [String] = []

    @OptionGroup var output: TrafficOutputArguments

    @Option(help: "Write the link table here: one CSV row per link direction.")
    var links: String?

    @Option(help: "Write every flow here, as CSV (large for big all-to-alls).")
    var flows: String?

    @OptionGroup var sharding: ShardOptions

    func validate() throws {
        guard iterationTime == nil || rate == nil else {
            throw ValidationError("give --iteration-time or --rate, not both")
        }
        guard compare == nil || policies != nil else {
            throw ValidationError("--compare needs --policies (the state to compare with)")
        }
        try validateSharding()
    }

    func run() throws {
        let setup = try Setup(self)
        if sharding.partialOutput != nil {
            var options = setup.options
            options.part = sharding.part
            let result = try TrafficSimulator.run(
                fabric: setup.fabric, placement: setup.placement, options: options, judging: setup.judging)
            try sharding.write(command: Self.commandName, arguments: resultArguments, inputs: []) {
                $0(SimulationPartial.body(result))
            }
            return
        }
        let flowWriter = try flows.map { try OutputWriter(path: $0) }
        var table: FlowTable?
        if let flowWriter {
            let n = setup.judging.judges.count
            let columns = n == 2 ? ["verdict_before", "verdict_after"] : n == 0 ? [] : ["verdict"]
            table = FlowTable(fabric: setup.fabric, placement: setup.placement, verdictColumns: columns)
            flowWriter.write(table!.header)
        }
        let progress = SharedProgress("simulating")
        let result = try TrafficSimulator.run(
            fabric: setup.fabric, placement: setup.placement, options: setup.options, judging: setup.judging,
            flowTable: table, flowOutput: flowWriter.map { w in { w.write(bytes: $0) } },
            progress: { done, total in progress.update("\(done)/\(total) chunks") })
        progress.finish()
        try flowWriter?.commit()
        try report(result, setup)
    }

    /// The fabric, the jobs, the policy judges and the options of a run.
    struct Setup {
        let fabric: FabricGraph
        let placement: JobPlacement
        let judging: PolicyJudging
        let options: SimulationOptions

        init(_ command: TrafficSimulateCommand) throws {
            let (fabric, placement) = try command.placed.place()
            (self.fabric, self.placement) = (fabric, placement)
            let failures = try Failures.resolve(links: command.failLink, switches: command.failSwitch, in: fabric)
            var bundles = try [command.policies, command.compare].compactMap { $0 }.map {
                try PolicyBundle.load(path: $0)
            }
            if bundles.count == 2 {
                let sides = PolicyBundle.sides(before: bundles[0], after: bundles[1])
                bundles = [sides.before, sides.after]
            }
            let judges = try bundles.map { try PolicyJudge(bundle: $0, placement: placement, fabric: fabric) }
            judging =
                switch judges.count {
                case 0: .none
                case 1: .one(judges[0])
                default: .compare(before: judges[0], after: judges[1])
                }
            options = SimulationOptions(
                collective: command.pattern.options(command.placed), routing: command.routing, failures: failures,
                threads: command.output.threads)
        }
    }

    /// Writes the report of `result` (and the link table), and exits 1 on findings.
    func report(_ result: SimulationResult, _ setup: Setup) throws {
        var timeBase = TimeBase.bottleneck
        if let iterationTime { timeBase = .iteration(iterationTime.value) }
        if let rate { timeBase = .rate(rate.value) }
        var report = TrafficReport(analysis: TrafficAnalysis(result, timeBase: timeBase), judging: setup.judging)
        report.hotLinkCount = output.hotLinks
        if fairShare || !straggler.isEmpty {
            let stragglers = try straggler.map { try Straggler.parse($0, in: setup.fabric) }
            report.concurrency = try ConcurrencyAnalysis.run(
                fabric: setup.fabric, placement: setup.placement, options: setup.options, stragglers: stragglers)
        }
        if let links {
            try OutputWriter.stream(to: links) { LinkTable.write(report, to: $0) }
        }
        if output.format == .json {
            print(report.json.serialized(), terminator: "")
        } else {
            for w in report.warnings { Terminal.printWarning(w) }
            print(report.text(style: { Terminal.styled($0, .bold) }), terminator: "")
        }
        if report.hasFindings { throw ExitCode(1) }
    }
}

/// A progress line that worker threads may update (one at a time, behind a lock).
final class SharedProgress: @unchecked Sendable {
    private let line: ProgressLine
    private let lock = NSLock()

    init(_ label: String) { line = ProgressLine(label) }

    func update(_ status: String) {
        lock.lock()
        line.update(status)
        lock.unlock()
    }

    func finish() {
        lock.lock()
        line.finish()
        lock.unlock()
    }
}

extension TrafficSimulateCommand: WritesFiles {
    var outputPaths: [String?] { sharding.partialOutput != nil ? [sharding.partialOutput] : ["-", links, flows] }
    var inputPaths: [String] { placed.inputPaths + [policies, compare].compactMap { $0 } }
}
