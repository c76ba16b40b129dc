/// An event-driven fluid simulation of flows that all start at time 0: the flows share every link
/// direction max-min fairly; when some finish, the others re-share the capacity they leave.
public enum FluidCompletion {
    /// The time (seconds) each class's flows finish, parallel to `classes`; `infinity` for flows that
    /// get no capacity at all. Classes of 0 bytes finish at 0.
    public static func finishTimes(_ classes: [FluidFlowClass], capacity: [Double]) -> [Double] {
        var finish = [Double](repeating: 0, count: classes.count)
        var left = classes.map(\.bytes)
        var active = classes.indices.filter { classes[$0].bytes > 0 }
        var now = 0.0
        while !active.isEmpty {
            let rates = MaxMinFairShare.rates(classes, active: active, capacity: capacity)
            var step = Double.infinity
            for (k, i) in active.enumerated() where rates[k] > 0 { step = min(step, left[i] / rates[k]) }
            guard step.isFinite else {
                for i in active { finish[i] = .infinity }
                break
            }
            now += step
            var next: [Int] = []
            for (k, i) in active.enumerated() {
                // Flows within a relative 1e-9 of the step finish with it (rounding of equal shares).
                if rates[k] > 0, left[i] / rates[k] <= step * (1 + 1e-9) {
                    finish[i] = now
                } else {
                    left[i] -= rates[k] * step
                    next.append(i)
                }
            }
            active = next
        }
        return finish
    }
}
