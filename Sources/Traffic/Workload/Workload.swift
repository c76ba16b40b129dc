/// One collective of a workload's iteration: the pattern, its size S (nccl-tests' convention, as
/// `Collective` says), and the groups of job ranks that run it at the same time (all data-parallel
/// groups, say).
public struct WorkloadCollective: Sendable, Hashable {
    /// The pattern.
    public var collective: Collective
    /// S, bytes.
    public var bytes: Double
    /// The groups that run it together, each a list of job ranks (0-based, in the job's rank order).
    public var groups: [[Int]]
    /// Where it comes from (a layer and phase, a Chakra node name).
    public var label: String

    /// A collective of `groups`.
    public init(collective: Collective, bytes: Double, groups: [[Int]], label: String) {
        self.collective = collective
        self.bytes = bytes
        self.groups = groups
        self.label = label
    }
}

/// A task of a rank's iteration: compute for a while, or take part in one of the workload's
/// collectives; it starts when the tasks it depends on have ended and its stream is free.
public struct WorkloadTask: Sendable, Equatable {
    /// What the task does.
    public enum Kind: Sendable, Equatable {
        /// Compute for this many seconds (the compute stream).
        case compute(seconds: Double)
        /// Run `Workload.collectives[index]` (the communication stream).
        case collective(index: Int)
    }

    /// What the task does.
    public var kind: Kind
    /// Indices of earlier tasks of the same rank it waits for.
    public var dependencies: [Int]

    /// A task.
    public init(_ kind: Kind, after dependencies: [Int] = []) {
        self.kind = kind
        self.dependencies = dependencies
    }
}

/// One training iteration as traces describe it: its collectives, and each rank's tasks in an order
/// that respects their dependencies.
public struct Workload: Sendable {
    /// The trace format (`chakra`, `simai`).
    public var format: String
    /// Ranks the workload runs on.
    public var ranks: Int
    /// The collectives, in the order the iteration first issues them.
    public var collectives: [WorkloadCollective]
    /// Each rank's tasks (one list for all ranks when they all run the same).
    public var programs: [[WorkloadTask]]
    /// Communication the traces hold that replay does not simulate (kind and count), for a warning.
    public var skipped: [(kind: String, count: Int)]

    /// A workload.
    public init(
        format: String, ranks: Int, collectives: [WorkloadCollective], programs: [[WorkloadTask]],
        skipped: [(kind: String, count: Int)] = []
    ) {
        self.format = format
        self.ranks = ranks
        self.collectives = collectives
        self.programs = programs
        self.skipped = skipped
    }
}

/// When each task of one rank runs, given the collectives' times: list scheduling in task order on
/// two in-order streams (compute, communication).
public struct WorkloadSchedule: Sendable, Equatable {
    /// Start and end of each task, seconds from the iteration's start.
    public var intervals: [(start: Double, end: Double)]
    /// When the last task ends.
    public var iterationTime: Double
    /// Seconds of compute.
    public var computeTime: Double
    /// Seconds of communication (the collectives' times added up).
    public var communicationTime: Double
    /// Per task: the seconds of a collective that no compute overlaps (0 for compute tasks).
    public var exposed: [Double]

    /// The communication time no compute hides: the iteration time less the compute time.
    public var exposedTime: Double { iterationTime - computeTime }

    /// Schedules `tasks`; `times[i]` is collective i's time.
    public init(_ tasks: [WorkloadTask], times: [Double]) {
        var intervals: [(start: Double, end: Double)] = []
        var free = (compute: 0.0, communication: 0.0)
        for t in tasks {
            let ready = t.dependencies.map { intervals[$0].end }.max() ?? 0
            switch t.kind {
            case .compute(let s):
                let start = max(ready, free.compute)
                free.compute = start + s
                intervals.append((start, start + s))
            case .collective(let i):
                let start = max(ready, free.communication)
                free.communication = start + times[i]
                intervals.append((start, start + times[i]))
            }
        }
        self.init(tasks, times: times, intervals: intervals)
    }

    /// The figures of `tasks` run over `intervals` (one per task).
    init(_ tasks: [WorkloadTask], times: [Double], intervals: [(start: Double, end: Double)]) {
        var compute = 0.0
        var communication = 0.0
        var computeIntervals: [(Double, Double)] = []
        for (t, iv) in zip(tasks, intervals) {
            switch t.kind {
            case .compute(let s):
                compute += s
                computeIntervals.append((iv.start, iv.end))
            case .collective(let i): communication += times[i]
            }
        }
        self.intervals = intervals
        iterationTime = intervals.map(\.end).max() ?? 0
        computeTime = compute
        communicationTime = communication
        exposed = zip(tasks, intervals).map { t, iv in
            guard case .collective = t.kind else { return 0 }
            let hidden = computeIntervals.reduce(0.0) { $0 + max(0, min(iv.end, $1.1) - max(iv.start, $1.0)) }
            return iv.end - iv.start - hidden
        }
    }

    public static func == (a: WorkloadSchedule, b: WorkloadSchedule) -> Bool {
        a.iterationTime == b.iterationTime && a.computeTime == b.computeTime && a.exposed == b.exposed
            && a.intervals.elementsEqual(b.intervals) { $0.start == $1.start && $0.end == $1.end }
    }
}
