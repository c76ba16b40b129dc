import Foundation

/// A named piece of work measured against a named baseline doing the same job.
///
/// `run` performs the job once and returns the number of items it processed (bytes, packets,
/// lookups...), which turns a time into a throughput.
public struct Workload: Sendable {
    public var name: String
    public var unit: String
    public var run: @Sendable () -> Int

    public init(name: String, unit: String, run: @escaping @Sendable () -> Int) {
        self.name = name
        self.unit = unit
        self.run = run
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

/// Wall-clock time of one call, in seconds.
public func measure(_ body: () -> Int) -> (seconds: Double, items: Int) {
    let start = DispatchTime.now().uptimeNanoseconds
    let items = body()
    let end = DispatchTime.now().uptimeNanoseconds
    return (Double(end - start) / 1e9, items)
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
@inline(never) public func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}
