/// An event-driven fluid simulation of flows that all start at time 0: the flows share every link
/// direction max-min fairly; when some finish, the others re-share the capacity they leave.
public enum FluidCompletion {
    /// The time (seconds) each class's flows finish, parallel to `classes`; `infinity` for flows that
    /// get no capacity at all. Classes of 0 bytes finish at 0.
    ///
    /// A class's remaining bytes are only brought up to date when its rate changes, so a class
    /// whose rate no other flow disturbs finishes at exactly the time it would alone.
    public static func finishTimes(_ classes: [FluidFlowClass], capacity: [Double]) -> [Double] {
        var finish = [Double](repeating: 0, count: classes.count)
        // Bytes left at `since`, and the rate since then.
        var left = classes.map(\.bytes)
        var since = [Double](repeating: 0, count: classes.count)
        var rate = [Double](repeating: 0, count: classes.count)
        var active = classes.indices.filter { classes[$0].bytes > 0 }
        var now = 0.0
        while !active.isEmpty {
            let rates = MaxMinFairShare.rates(classes, active: active, capacity: capacity)
            var next = Double.infinity
            for (k, i) in active.enumerated() {
                if rates[k] != rate[i] {
                    left[i] -= rate[i] * (now - since[i])
                    since[i] = now
                    rate[i] = rates[k]
                }
                if rate[i] > 0 { next = min(next, since[i] + left[i] / rate[i]) }
            }
            guard next.isFinite else {
                for i in active { finish[i] = .infinity }
                break
            }
            now = next
            // Flows within a relative 1e-9 of the event finish with it (rounding of equal shares).
            active = active.filter { i in
                guard rate[i] > 0, since[i] + left[i] / rate[i] <= now * (1 + 1e-9) else { return true }
                finish[i] = since[i] + left[i] / rate[i]
                return false
            }
        }
        return finish
    }
}
