import Dispatch
import Foundation

/// Work split over cores with its results in a fixed order, so that what a parallel run computes
/// is what one thread computes, byte for byte.
public enum Parallel {
    /// The environment variable that sets `defaultThreads` (a count of at least 1), to compare a
    /// run on one thread with the default.
    public static let threadsVariable = "INTERLOCK_THREADS"

    /// The worker threads used when a caller names none: `INTERLOCK_THREADS` when set to a count of
    /// at least 1, else the active processor count.
    public static var defaultThreads: Int {
        if let text = ProcessInfo.processInfo.environment[threadsVariable], let count = Int(text), count >= 1 {
            return count
        }
        return ProcessInfo.processInfo.activeProcessorCount
    }

    /// `body(i)` for every `i` in `0 ..< count`, on up to `threads` threads, as an array in index
    /// order. Each thread takes the next index not yet taken, so that a long item (a large file)
    /// does not hold up the items after it; with one thread, or one item, the caller's thread runs
    /// them in order.
    ///
    /// - Parameters:
    ///   - count: How many items.
    ///   - threads: At most this many threads (values below 1 count as 1).
    ///   - body: The work of one item; it must not depend on the other items' work.
    /// - Returns: `[body(0), body(1), …, body(count - 1)]`.
    public static func map<T>(_ count: Int, threads: Int = defaultThreads, _ body: (Int) -> T) -> [T] {
        let width = min(max(threads, 1), count)
        guard width > 1 else { return (0..<count).map(body) }
        let slots = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        slots.initialize(repeating: nil)
        defer { slots.deinitialize().deallocate() }
        withoutActuallyEscaping(body) { body in
            let work = Work(slots: slots, body: body, next: NextIndex(), count: count)
            DispatchQueue.concurrentPerform(iterations: width) { _ in work.run() }
        }
        return slots.map { $0! }
    }

    /// `body(i)` for every `i` in `0 ..< count`, as `map` gives it, handed to the threads in batches of
    /// `batch` consecutive indices (for items too small to be handed out one at a time).
    public static func map<T>(_ count: Int, batch: Int, threads: Int = defaultThreads, _ body: (Int) -> T) -> [T] {
        let size = max(batch, 1)
        return map((count + size - 1) / size, threads: threads) { b in
            (b * size..<min(count, (b + 1) * size)).map(body)
        }.flatMap { $0 }
    }

    /// `a()` and `b()`, on two threads when `threads` allows (see `map`).
    public static func both<A, B>(threads: Int = defaultThreads, _ a: () -> A, _ b: () -> B) -> (A, B) {
        let results = map(2, threads: threads) { i -> (A?, B?) in i == 0 ? (a(), nil) : (nil, b()) }
        return (results[0].0!, results[1].1!)
    }

    /// The items of one `map` and where their results go, shared by its threads: each result slot
    /// is written by the one thread that took its index.
    private struct Work<T>: @unchecked Sendable {
        let slots: UnsafeMutableBufferPointer<T?>
        let body: (Int) -> T
        let next: NextIndex
        let count: Int

        /// Runs the items not yet taken, one at a time, until none is left.
        func run() {
            while true {
                let i = next.take()
                guard i < count else { return }
                slots[i] = body(i)
            }
        }
    }

    /// The next index to run, shared by the threads of one `map`.
    private final class NextIndex: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0

        /// The next index, counted up.
        func take() -> Int {
            lock.lock()
            defer { lock.unlock() }
            value += 1
            return value - 1
        }
    }

    /// Drops `value` on another thread, so that freeing a large tree of objects (the documents of a
    /// cluster's manifests, once read) overlaps the caller's next work instead of preceding it. Give
    /// the last reference (`consume`), else the caller's own frees the value where it ends.
    public static func release<T: Sendable>(_ value: consuming T) {
        let value = value
        DispatchQueue.global(qos: .utility).async { withExtendedLifetime(value) {} }
    }
}
