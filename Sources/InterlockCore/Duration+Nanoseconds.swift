extension Duration {
    /// The duration in whole nanoseconds (a fraction of a nanosecond dropped), clamped to `Int64`'s
    /// range: what a hot loop that compares nanosecond timestamps derives once.
    public var wholeNanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let (total, carry) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000)
        guard !overflow && !carry else { return seconds < 0 ? .min : .max }
        return total
    }
}
