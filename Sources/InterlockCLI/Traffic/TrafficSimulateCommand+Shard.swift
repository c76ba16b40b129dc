import ArgumentParser
import InterlockCore
import Traffic

/// `traffic simulate --shard I/N --partial-output F`: the flows of a part of the source nodes, and
/// the merge of the parts.
extension TrafficSimulateCommand {
    /// The command's name in a partial's header.
    static let commandName = "traffic simulate"

    /// Refuses, with a partial output, the options whose figures are not sums over flows.
    func validateSharding() throws {
        guard sharding.partialOutput != nil else { return }
        if fairShare || !straggler.isEmpty {
            throw ValidationError(
                "--fair-share and --straggler cannot be split with --partial-output: max-min fair sharing needs every flow at once, it is no sum over shards"
            )
        }
        if routing == .fluid {
            throw ValidationError(
                "--routing fluid cannot be split with --partial-output: its fractional link bytes would be summed in another order than one process sums them, and differ in the last bits"
            )
        }
        if flows != nil {
            throw ValidationError("--flows cannot be combined with --partial-output: run it without --shard")
        }
    }

    /// The options that shape the report, as arguments: what `merge` parses the command from again.
    var resultArguments: [String] {
        let p = placed.placement
        var a = ["--topology", p.topology] + (p.jobs.map { ["--jobs", $0] } ?? [])
        a += p.cluster.map { ["--cluster", $0] } ?? []
        a += ["--collective", placed.collective.description, "--size", placed.size.defaultValueDescription]
        a += placed.channels.map { ["--channels", String($0)] } ?? []
        a += (placed.pxn ? ["--pxn"] : []) + ["--qps-per-connection", String(placed.qpsPerConnection)]
        a += routing.map { ["--routing", $0.rawValue] } ?? []
        a += iterationTime.map { ["--iteration-time", $0.defaultValueDescription] } ?? []
        a += rate.map { ["--rate", $0.defaultValueDescription] } ?? []
        a += failLink.flatMap { ["--fail-link", String($0)] } + failSwitch.flatMap { ["--fail-switch", $0] }
        a += (policies.map { ["--policies", $0] } ?? []) + (compare.map { ["--compare", $0] } ?? [])
        a += ["--span", pattern.span.rawValue, "--seed", String(pattern.seed), "--port", String(pattern.port)]
        a += pattern.senders.map { ["--senders", String($0)] } ?? []
        a += ["--hot-links", String(output.hotLinks)] + (links.map { ["--links", $0] } ?? [])
        return a
    }

    /// Writes the report of the whole run from the partial bodies `bodies` (in shard order).
    func merge(_ bodies: [BinaryReader]) throws {
        let setup = try Setup(self)
        let result = try SimulationPartial.merge(
            bodies, fabric: setup.fabric, placement: setup.placement, options: setup.options)
        try report(result, setup)
    }
}
