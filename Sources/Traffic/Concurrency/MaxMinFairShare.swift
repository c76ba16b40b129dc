/// Flows that cross the same link directions with the same bytes, for the same communicator: max-min
/// fair sharing gives each of them the same rate, so they are solved as one class of `count` flows.
public struct FluidFlowClass: Sendable, Equatable {
    /// The communicator (index into the run's communicators) the flows belong to.
    public var communicator: Int
    /// The link directions every flow of the class crosses (`LinkLoads` indices), without repeats.
    public var directions: [Int]
    /// Bytes of each flow.
    public var bytes: Double
    /// Flows in the class.
    public var count: Int

    /// A class of `count` flows of `bytes` each over `directions`.
    public init(communicator: Int, directions: [Int], bytes: Double, count: Int) {
        self.communicator = communicator
        self.directions = directions
        self.bytes = bytes
        self.count = count
    }
}

/// Max-min fair rates by progressive filling: every flow's rate grows together until a link
/// direction saturates; the flows crossing it are frozen at its fair share and take their capacity
/// off the other directions they cross; the rest keep growing.
public enum MaxMinFairShare {
    /// The rate (bytes per second) of one flow of each class in `active` (indices into `classes`),
    /// parallel to `active`, when those classes alone share directions of `capacity` bytes per second.
    /// Every class must cross at least one direction.
    public static func rates(_ classes: [FluidFlowClass], active: [Int], capacity: [Double]) -> [Double] {
        // Dense per-direction state over the directions the active classes cross, numbered locally.
        var local: [Int: Int] = [:]
        var remaining: [Double] = []
        var crossing: [Int] = []
        var members: [[Int]] = []
        var paths: [[Int]] = []
        paths.reserveCapacity(active.count)
        for (k, i) in active.enumerated() {
            var path: [Int] = []
            for d in classes[i].directions {
                let j: Int
                if let known = local[d] {
                    j = known
                } else {
                    j = remaining.count
                    local[d] = j
                    remaining.append(capacity[d])
                    crossing.append(0)
                    members.append([])
                }
                crossing[j] += classes[i].count
                members[j].append(k)
                path.append(j)
            }
            paths.append(path)
        }
        var rate = [Double](repeating: 0, count: active.count)
        var frozen = [Bool](repeating: false, count: active.count)
        var left = active.count
        while left > 0 {
            // The bottleneck: the direction whose unfrozen flows get the smallest equal share (ties:
            // the one first crossed).
            var best = -1
            var share = Double.infinity
            for j in remaining.indices where crossing[j] > 0 {
                let s = max(0, remaining[j]) / Double(crossing[j])
                if s < share {
                    share = s
                    best = j
                }
            }
            guard best >= 0 else { break }
            for k in members[best] where !frozen[k] {
                frozen[k] = true
                rate[k] = share
                left -= 1
                let count = classes[active[k]].count
                for j in paths[k] {
                    remaining[j] -= share * Double(count)
                    crossing[j] -= count
                }
            }
        }
        return rate
    }
}
