import Fabric
import InterlockCore

extension TrafficReport {
    /// The concurrent-jobs section: each communicator alone and together under fair sharing, with
    /// the stragglers' effect when there are any; empty without `concurrency`.
    func concurrencyText() -> String {
        guard let figures = concurrency else { return "" }
        let fabric = analysis.result.fabric
        var title = "concurrent jobs (max-min fair sharing, fluid)"
        if !figures.stragglers.isEmpty {
            title +=
                "; stragglers: "
                + figures.stragglers.map {
                    "\(fabric.devices[Int($0.node)].name) NICs /\(Units.significant($0.factor))"
                }
                .joined(separator: ", ")
        }
        let withStragglers = !figures.stragglers.isEmpty
        var headers = ["job", "alone", "together", "interference", "contended", "with"]
        if withStragglers { headers.insert(contentsOf: ["no straggler", "straggler effect"], at: 1) }
        var table = TextTable(
            headers: headers, alignments: headers.indices.map { $0 == 0 || $0 == headers.count - 1 ? .left : .right })
        for j in figures.jobs {
            var row = [
                j.name, Self.duration(j.aloneTime), Self.duration(j.togetherTime),
                Units.fixed(j.interferenceSlowdown, decimals: 2) + "x", String(j.contendedDirections.count),
                j.contendsWith.isEmpty ? "-" : j.contendsWith.map { figures.jobs[$0].name }.joined(separator: ", "),
            ]
            if withStragglers {
                row.insert(
                    contentsOf: [Self.duration(j.baselineTime), Units.fixed(j.stragglerSlowdown, decimals: 2) + "x"],
                    at: 1)
            }
            table.append(row)
        }
        return title + "\n" + table.render() + "\n"
    }

    /// The concurrent-jobs object of the JSON report.
    func concurrencyJSON(_ figures: ConcurrencyFigures) -> JSON {
        let fabric = analysis.result.fabric
        let time = { (t: Double) -> JSON in t.isFinite ? .double(t) : .null }
        return .object([
            ("model", .string("max-min fair sharing, fluid")),
            (
                "stragglers",
                .array(
                    figures.stragglers.map {
                        .object([("node", .string(fabric.devices[Int($0.node)].name)), ("factor", .double($0.factor))])
                    })
            ),
            ("makespan", time(figures.makespan)),
            (
                "jobs",
                .array(
                    figures.jobs.map { j in
                        .object([
                            ("name", .string(j.name)), ("aloneTime", time(j.aloneTime)),
                            ("togetherTime", time(j.togetherTime)), ("baselineTime", time(j.baselineTime)),
                            ("interferenceSlowdown", .double(j.interferenceSlowdown)),
                            ("stragglerSlowdown", .double(j.stragglerSlowdown)),
                            ("contendsWith", .array(j.contendsWith.map { .string(figures.jobs[$0].name) })),
                            ("contendedDirections", .int(j.contendedDirections.count)),
                            (
                                "contendedLinks",
                                .array(
                                    j.contendedDirections.prefix(hotLinkCount).map { i in
                                        let d = direction(i)
                                        return .object([
                                            ("link", .int(d.link)), ("from", .string(d.from)), ("to", .string(d.to)),
                                            ("tier", .string(d.tier)), ("bytes", .double(figures.bytes[i])),
                                        ])
                                    })
                            ),
                        ])
                    })
            ),
        ])
    }

    private static func duration(_ t: Double) -> String { t.isFinite ? Units.formatDuration(seconds: t) : "never" }
}
