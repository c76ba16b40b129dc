import InterlockCore
import Testing

@Suite struct ShardTests {
    /// The chunk runs of shards 0 to N-1 tile 0..<total in order, their lengths within one.
    @Test func chunkRunsTileTheItemsInOrder() {
        for total in [0, 1, 2, 7, 32] {
            for count in 1...5 {
                let runs = (0..<count).map { Shard(index: $0, count: count)!.chunks(of: total) }
                #expect(runs.flatMap { Array($0) } == Array(0..<total))
                let lengths = runs.map(\.count)
                #expect(lengths.max()! - lengths.min()! <= 1)
            }
        }
        #expect(Shard(index: 1, count: 3)!.chunks(of: 7) == 2..<4)
    }

    @Test func parsesIndexOverCount() {
        #expect(Shard(parsing: "1/3") == Shard(index: 1, count: 3))
        #expect(Shard(parsing: "0/1")?.description == "0/1")
        for bad in ["3/3", "-1/2", "1/0", "a/b", "1", "1/2/3", ""] { #expect(Shard(parsing: bad) == nil, "\(bad)") }
    }

    /// Longest processing time first: 5 to group 0, 4 to group 1, the first 3 to the lighter group 1
    /// (7), the second 3 to group 0 (8), 1 to group 1 (8).
    @Test func heaviestFirstToTheLightestGroup() {
        let weights: [UInt64] = [5, 4, 3, 3, 1]
        #expect(Shard.groups(weights: weights, count: 2) == [0, 1, 1, 0, 1])
        #expect(Shard(index: 0, count: 2)!.items(weights: weights) == [0, 3])
        #expect(Shard(index: 1, count: 2)!.items(weights: weights) == [1, 2, 4])
        // Equal weights go round the groups in order; more groups than items leave some empty.
        #expect(Shard.groups(weights: [7, 7, 7, 7], count: 3) == [0, 1, 2, 0])
        #expect(Shard(index: 3, count: 5)!.items(weights: [1, 2]) == [])
    }

    @Test func everyItemFallsToExactlyOneShard() {
        let weights: [UInt64] = (0..<40).map { UInt64(($0 * 7919) % 97) }
        for count in 1...6 {
            let parts = (0..<count).flatMap { Shard(index: $0, count: count)!.items(weights: weights) }
            #expect(parts.sorted() == Array(weights.indices))
        }
    }
}
