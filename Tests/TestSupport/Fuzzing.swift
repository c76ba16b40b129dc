import Foundation

/// How many cases the fuzz tests run. Under `make test` each loop runs its default, from a fixed
/// seed; `make fuzz` sets `INTERLOCK_FUZZ_CASES` to run every loop that many times instead (when
/// larger), from the same seeds.
public enum Fuzzing {
    /// `INTERLOCK_FUZZ_CASES` when set to a number larger than `defaultCount`, else `defaultCount`.
    public static func cases(_ defaultCount: Int) -> Int {
        let requested = ProcessInfo.processInfo.environment["INTERLOCK_FUZZ_CASES"].flatMap { Int($0) } ?? 0
        return max(defaultCount, requested)
    }
}
