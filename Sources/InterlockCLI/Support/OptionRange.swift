import ArgumentParser

/// Refuses a count or size option outside `range` before anything is allocated for it: a usage
/// error (exit 2) naming the option, its range and the value given. `show` prints the numbers
/// (sizes with their units).
func requireRange<T: Comparable>(
    _ option: String, _ value: T, _ range: ClosedRange<T>, show: (T) -> String = { "\($0)" }
) throws {
    guard !range.contains(value) else { return }
    throw ValidationError(
        "\(option) must be \(show(range.lowerBound)) through \(show(range.upperBound)), got \(show(value))")
}
