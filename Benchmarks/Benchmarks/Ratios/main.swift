import InterlockCore
import Workloads

// Prints each figure beside its baseline, measured in the same run: throughput, ratio, peak RSS.
// Each workload runs `repetitions` times and the best time counts (least disturbed by the machine).
// In-process work is timed in thread CPU time, external baselines in their processes' CPU time, so
// that other load on the machine disturbs the figures as little as possible.

let repetitions = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 3
// An optional second argument keeps only the comparisons whose title contains it.
let only = CommandLine.arguments.dropFirst(2).first

func best(_ workload: Workload) -> (seconds: Double, items: Int) {
    var result = measure(workload)
    for _ in 1..<max(1, repetitions) {
        let r = measure(workload)
        if r.seconds < result.seconds { result = r }
    }
    return result
}

func rate(_ items: Int, _ seconds: Double, _ unit: String) -> String {
    let perSecond = Double(items) / seconds
    if unit == "B" { return Units.formatBytes(perSecond) + "/s" }
    return Units.formatCount(perSecond) + " \(unit)/s"
}

var table = TextTable(
    headers: ["comparison", "subject", "rate", "baseline", "rate", "ratio"],
    alignments: [.left, .left, .right, .left, .right, .right])
for comparison in Suites.all() where only.map({ comparison.title.contains($0) }) ?? true {
    let s = best(comparison.subject)
    let b = best(comparison.baseline)
    table.append([comparison.title, comparison.subject.name, rate(s.items, s.seconds, comparison.subject.unit),
                  comparison.baseline.name, rate(b.items, b.seconds, comparison.baseline.unit),
                  Units.fixed(b.seconds / s.seconds * Double(s.items) / Double(max(1, b.items)), decimals: 1) + "x"])
}
print(table.render(), terminator: "")
print("peak RSS: \(Units.formatBytes(Double(peakResidentBytes())))")
