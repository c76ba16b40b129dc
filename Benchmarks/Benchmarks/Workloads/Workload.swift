import Foundation

/// A named piece of work measured against a named baseline doing the same job.
///
/// `run` performs the job once and returns the number of items it processed (bytes, packets,
/// lookups...), which turns a time into a throughput.
public struct Workload: Sendable {
    /// Which clock times the workload.
    public enum Clock: Sendable {
        /// CPU time of the calling thread: single-threaded in-process work, undisturbed by other
        /// processes sharing the machine.
        case threadCPU
        /// CPU time of child processes (user + system): a baseline that runs an external tool.
        case childProcesses
        /// Wall-clock time.
        case wall
    }

    public var name: String
    public var unit: String
    public var clock: Clock
    public var run: @Sendable () -> Int

    public init(name: String, unit: String, clock: Clock = .threadCPU, run: @escaping @Sendable () -> Int) {
        self.name = name
        self.unit = unit
        self.clock = clock
        self.run = run
    }
}

extension Workload {
    /// An external tool run with `arguments` (its output to `/dev/null`), counting `items` of `unit`
    /// (the file's packets, records...). Timed in the tool's own CPU time (user + system), like the
    /// in-process workloads.
    public static func tool(_ name: String, _ arguments: [String], items: Int, unit: String) -> Workload {
        Workload(name: name, unit: unit, clock: .childProcesses) {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/" + arguments[0])
            p.arguments = Array(arguments.dropFirst())
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try! p.run()
            p.waitUntilExit()
            return items
        }
    }
}

/// A workload and the baseline it is compared with.
public struct Comparison: Sendable {
    public var title: String
    public var subject: Workload
    public var baseline: Workload

    public init(title: String, subject: Workload, baseline: Workload) {
        self.title = title
        self.subject = subject
        self.baseline = baseline
    }
}

/// The time one run of `workload` takes on its clock, in seconds, and the items it processed.
public func measure(_ workload: Workload) -> (seconds: Double, items: Int) {
    let start = now(workload.clock)
    let items = workload.run()
    return (now(workload.clock) - start, items)
}

/// The current reading of a clock, in seconds.
func now(_ clock: Workload.Clock) -> Double {
    switch clock {
    case .threadCPU:
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    case .childProcesses:
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    case .wall:
        return Double(DispatchTime.now().uptimeNanoseconds) / 1e9
    }
}

/// The process's peak resident set size so far, in bytes (Linux `VmHWM`).
public func peakResidentBytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let kb = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
        return kb * 1024
    }
    return 0
}

/// Keeps a value alive and opaque to the optimizer.
@inline(never) func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}
