import InterlockCore

extension WorkloadSchedule {
    /// Every program's schedule. Without send-receive transfers, each program is scheduled alone
    /// (`init(_:times:)`): a rank takes part in a collective as soon as it is ready, as the ranks of a
    /// group reach it together. A transfer (a `sendReceive` collective: pairs of ranks, sender first)
    /// is a task of both ranks of a pair and joins them: it starts when both have reached it, their
    /// dependencies have ended and both communication streams are free, and ends on both at once.
    /// The programs are then one per rank.
    ///
    /// - Throws: `InputError` when transfers wait for each other in a cycle (each rank's
    ///   communication stream runs its tasks in order, so a receive queued behind a send whose
    ///   receive is queued behind it never starts).
    public static func schedules(of workload: Workload, times: [Double]) throws(InputError) -> [WorkloadSchedule] {
        let isTransfer = workload.collectives.map { $0.collective == .sendReceive }
        let programs = workload.programs
        guard
            programs.contains(where: { p in
                p.contains { if case .collective(let i) = $0.kind { return isTransfer[i] } else { return false } }
            })
        else {
            return programs.map { WorkloadSchedule($0, times: times) }
        }
        let perRank = programs.count == 1 ? Array(repeating: programs[0], count: workload.ranks) : programs
        // Where each rank's side of each transfer is, collective -> rank -> task, and its partner.
        var sides: [Int: [Int: Int]] = [:]
        var partners: [Int: [Int: Int]] = [:]
        for (r, p) in perRank.enumerated() {
            for (t, task) in p.enumerated() {
                guard case .collective(let i) = task.kind, isTransfer[i] else { continue }
                sides[i, default: [:]][r] = t
                if partners[i] == nil {
                    partners[i] = [:]
                    for g in workload.collectives[i].groups where g.count == 2 {
                        partners[i]![g[0]] = g[1]
                        partners[i]![g[1]] = g[0]
                    }
                }
            }
        }
        var intervals = [[(start: Double, end: Double)]](repeating: [], count: perRank.count)
        var free = [(compute: Double, communication: Double)](repeating: (0, 0), count: perRank.count)
        func ready(_ r: Int, _ t: Int) -> Double { perRank[r][t].dependencies.map { intervals[r][$0].end }.max() ?? 0 }
        var progress = true
        while progress {
            progress = false
            for r in perRank.indices {
                step: while intervals[r].count < perRank[r].count {
                    let t = intervals[r].count
                    switch perRank[r][t].kind {
                    case .compute(let s):
                        let start = max(ready(r, t), free[r].compute)
                        free[r].compute = start + s
                        intervals[r].append((start, start + s))
                    case .collective(let i) where !isTransfer[i]:
                        let start = max(ready(r, t), free[r].communication)
                        free[r].communication = start + times[i]
                        intervals[r].append((start, start + times[i]))
                    case .collective(let i):
                        guard let p = partners[i]?[r], p != r, let q = sides[i]?[p], intervals[p].count == q else {
                            break step
                        }
                        let start = max(ready(r, t), free[r].communication, ready(p, q), free[p].communication)
                        for k in [r, p] {
                            free[k].communication = start + times[i]
                            intervals[k].append((start, start + times[i]))
                        }
                    }
                    progress = true
                }
            }
        }
        if let r = perRank.indices.first(where: { intervals[$0].count < perRank[$0].count }),
            case .collective(let i) = perRank[r][intervals[r].count].kind
        {
            let peer = partners[i]?[r].map { "rank \($0)" } ?? "no rank"
            throw InputError(
                "rank \(r) waits forever at \(workload.collectives[i].label) (send-receive with \(peer)): the sends and receives wait for each other"
            )
        }
        return perRank.indices.map { WorkloadSchedule(perRank[$0], times: times, intervals: intervals[$0]) }
    }
}
