/// One of `count` shards of a job split over processes: `--shard I/N`, with `index` from 0 to N-1
/// (as `SLURM_ARRAY_TASK_ID` of `--array=0-(N-1)` and Kubernetes' `JOB_COMPLETION_INDEX` count).
public struct Shard: Hashable, Sendable, CustomStringConvertible {
    /// This shard's number, from 0.
    public let index: Int
    /// How many shards the job is split into.
    public let count: Int

    /// Shard `index` of `count`; `nil` unless `0 <= index < count`.
    public init?(index: Int, count: Int) {
        guard count >= 1, index >= 0, index < count else { return nil }
        self.index = index
        self.count = count
    }

    /// Parses `I/N`.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else { return nil }
        self.init(index: index, count: count)
    }

    /// `I/N`.
    public var description: String { "\(index)/\(count)" }

    /// The group (0 to `count`-1) of each item when items of these weights are split into `count`
    /// groups of near-equal total weight: the heaviest item first (ties by position) goes to the
    /// lightest group so far (ties by the lowest group), the greedy longest-processing-time rule.
    /// Deterministic: the same weights give the same groups on every machine.
    public static func groups(weights: [UInt64], count: Int) -> [Int] {
        let order = weights.indices.sorted { (weights[$0], $1) > (weights[$1], $0) }
        var totals = [UInt64](repeating: 0, count: max(1, count))
        var group = [Int](repeating: 0, count: weights.count)
        for item in order {
            var lightest = 0
            for g in totals.indices where totals[g] < totals[lightest] { lightest = g }
            group[item] = lightest
            totals[lightest] &+= weights[item]
        }
        return group
    }

    /// The positions of the items of these weights that fall to this shard, in order.
    public func items(weights: [UInt64]) -> [Int] {
        let groups = Shard.groups(weights: weights, count: count)
        return groups.indices.filter { groups[$0] == index }
    }
}

extension Shard {
    /// This shard's contiguous run of `total` ordered items (`total·I/N ..< total·(I+1)/N`): the
    /// runs of shards 0 to N-1 cover every item once, in order, and differ in length by one at most.
    public func chunks(of total: Int) -> Range<Int> {
        (total * index / count)..<(total * (index + 1) / count)
    }
}
