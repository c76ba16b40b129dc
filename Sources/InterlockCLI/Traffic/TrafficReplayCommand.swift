import ArgumentParser
import Fabric
import Foundation
import InterlockCore
import Traffic

/// `--trace-format` of `traffic replay`.
extension TraceFormat: ExpressibleByArgument {}

/// `interlock traffic replay`: one iteration of a traced workload on a placed job.
struct TrafficReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay one iteration of Chakra execution traces or a SimAI workload on a placed job.",
        discussion: """
            Chakra: one trace per rank, in rank order (files named PREFIX.N.et are sorted by N), or one \
            that every rank runs; collective nodes (all-reduce, all-gather, reduce-scatter, all-to-all, \
            broadcast, reduce, gather, scatter, barrier) in data-dependency order, compute nodes with \
            their durations, send and receive nodes paired into transfers (one trace per rank). SimAI: \
            one workload file; its all_gpus must be the job's ranks; with pp stages and pp_comm, the \
            stages send activations forward and gradients back. Each collective is simulated on the \
            fabric with all its groups at once; the ranks' tasks are then scheduled on a compute and a \
            communication stream, a transfer starting when both its ranks reach it. Exposed \
            communication is the iteration time less the compute time.

            Exit status: 0 replayed, 1 some collective never completes (flows with no path), 2 bad input.
            """)

    @Argument(help: "Trace files: Chakra ETs in rank order, or one SimAI workload file.")
    var traces: [String]

    @OptionGroup var placed: PlacementArguments

    @Option(help: "The job the traces ran on (default: the first).")
    var job: String?

    @Option(help: "The trace format (default: SimAI when the first line names model_parallel_NPU_group:).")
    var traceFormat: TraceFormat?

    @Option(help: "Override every plane's routing (fluid: an even split over all equal-cost paths).")
    var routing: RoutingChoice?

    @Option(help: "Remove a link (id from `topology expand`) before routing; repeatable.")
    var failLink: [Int] = []

    @Option(help: "Remove a switch (by name) before routing; repeatable.")
    var failSwitch: [String] = []

    @OptionGroup var output: TrafficOutputArguments

    func validate() throws {
        guard !traces.isEmpty else { throw ValidationError("give at least one trace file") }
    }

    func run() throws {
        let (fabric, placement) = try placed.place()
        guard let chosen = job.map({ name in placement.jobs.first { $0.name == name } }) ?? placement.jobs.first else {
            throw InputError(file: placed.jobs ?? placed.cluster, job.map { "no job named \($0)" } ?? "no job")
        }
        let workload = try WorkloadFile.load(paths: traces, format: traceFormat, ranks: chosen.rankCount)
        let failures = try Failures.resolve(links: failLink, switches: failSwitch, in: fabric)
        let result = try WorkloadReplay.run(
            workload, fabric: fabric, job: chosen, routing: routing, failures: failures, threads: output.threads)
        if output.format == .json {
            print(result.json(hotLinks: output.hotLinks).serialized(), terminator: "")
        } else {
            for w in result.warnings { Terminal.printWarning(w) }
            print(result.text(hotLinks: output.hotLinks), terminator: "")
        }
        if !result.completes { throw ExitCode(1) }
    }
}

extension TrafficReplayCommand: WritesFiles {
    var outputPaths: [String?] { ["-"] }
    var inputPaths: [String] { traces + placed.inputPaths }
}
