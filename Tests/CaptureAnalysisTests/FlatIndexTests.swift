import InterlockCore
import Testing

@testable import CaptureAnalysis

/// `FlatIndex` against a `Dictionary` doing the same inserts: positions in order of first insertion,
/// lookups of present and absent keys, through growth, with well-mixed and badly colliding hashes.
@Suite struct FlatIndexTests {
    struct Key: FlatHashable {
        var value: Int
        /// Collide on purpose: `spread` distinct hashes for all keys.
        var spread: UInt64
        var mixed: UInt64 { spread == 0 ? HashMix.fold(UInt64(value), 7) : UInt64(value) % spread }
    }

    @Test(arguments: [0, 1, 3] as [UInt64])
    func agreesWithADictionary(spread: UInt64) {
        var random = SeededGenerator(seed: spread + 1)
        var index = FlatIndex<Key>()
        var reference: [Int: Int] = [:]
        for _ in 0..<3_000 {
            let v = Int.random(in: 0..<1_500, using: &random)
            let (p, inserted) = index.insert(Key(value: v, spread: spread))
            #expect(inserted == (reference[v] == nil))
            if inserted { reference[v] = reference.count }
            #expect(p == reference[v])
        }
        #expect(index.keys.map(\.value) == reference.sorted { $0.value < $1.value }.map(\.key))
        for v in 0..<1_600 {
            #expect(index.position(of: Key(value: v, spread: spread)) == reference[v])
        }
    }

    @Test func ipv4AndIPv6WordsDiffer() {
        let a = IPAddress("10.0.0.1")!
        let b = IPAddress("::a00:1")!
        #expect(a.words != b.words)
    }
}
