import InterlockCore
import Workloads

// Prints each figure beside its baseline, measured in the same run: throughput, ratio, peak RSS.
// Each workload runs `repetitions` times and the best time counts (least disturbed by the machine).
// In-process work is timed in thread CPU time, external baselines in their processes' CPU time, so
// that other load on the machine disturbs the figures as little as possible.

// Arguments: [repetitions] [areas...]: only the named areas (documents, acl, policy, ...).
let repetitions = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 3
let chosen = Set(CommandLine.arguments.dropFirst(2).map { $0.lowercased() })

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
    headers: ["comparison", "subject", "time", "rate", "baseline", "time", "rate", "ratio"],
    alignments: [.left, .left, .right, .right, .left, .right, .right, .right])
for area in Suites.areas where chosen.isEmpty || chosen.contains(area.name) {
    for comparison in area.comparisons() {
        let s = best(comparison.subject)
        let b = best(comparison.baseline)
        let ratio = b.seconds / s.seconds * Double(s.items) / Double(max(1, b.items))
        table.append([
            comparison.title,
            comparison.subject.name, Units.formatDuration(seconds: s.seconds),
            rate(s.items, s.seconds, comparison.subject.unit),
            comparison.baseline.name, Units.formatDuration(seconds: b.seconds),
            rate(b.items, b.seconds, comparison.baseline.unit),
            Units.fixed(ratio, decimals: 1) + "x",
        ])
    }
}
print(table.render(), terminator: "")
print("peak RSS: \(Units.formatBytes(Double(peakResidentBytes())))")
