import InterlockCore
import Testing

@Suite struct OwnedBufferTests {
    @Test func holdsWhatItWasGiven() {
        let copied = OwnedBuffer<Int32>([3, 1, 4, 1, 5])
        #expect(copied.count == 5)
        #expect(copied.array == [3, 1, 4, 1, 5])
        copied[2] = 9
        copied[4] += 1
        #expect(copied.withUnsafeBufferPointer { Array($0) } == [3, 1, 9, 1, 6])
        copied.withUnsafeMutableBufferPointer { $0[0] = 7 }
        #expect(copied[0] == 7)
        copied.fill(2)
        #expect(copied.array == [2, 2, 2, 2, 2])

        #expect(OwnedBuffer(repeating: 0.5, count: 3).array == [0.5, 0.5, 0.5])
        #expect(OwnedBuffer<UInt64>(zeroed: 1000, hugePages: true).array == [UInt64](repeating: 0, count: 1000))
        #expect(OwnedBuffer<UInt8>([]).count == 0)
    }

    @Test func alignsToCacheLinesOrHugePages() {
        func alignment<T>(_ buffer: OwnedBuffer<T>) -> Int {
            Int(bitPattern: buffer.baseAddress) & -Int(bitPattern: buffer.baseAddress)
        }
        #expect(alignment(OwnedBuffer<UInt8>([1, 2, 3])) >= 64)
        #expect(alignment(OwnedBuffer<UInt8>(zeroed: 100, hugePages: true)) >= 64)
        // 2 MiB or more on huge pages: aligned to the huge page.
        let large = OwnedBuffer<UInt64>(zeroed: (2 << 20) / 8, hugePages: true)
        #expect(alignment(large) >= 2 << 20)
    }

    @Test func releasesItsElements() {
        final class Token {}
        weak var watched: Token?
        do {
            let token = Token()
            watched = token
            let buffer = OwnedBuffer(repeating: token, count: 4)
            #expect(buffer[3] === token)
        }
        #expect(watched == nil)
    }

    #if DEBUG
        // The bounds check is an `assert`: debug builds only (release builds read unchecked).
        @Test func checksBoundsInDebugBuilds() async {
            await #expect(processExitsWith: .failure) {
                let buffer = OwnedBuffer<Int>(repeating: 0, count: 4)
                _ = buffer[4]
            }
            await #expect(processExitsWith: .failure) {
                let buffer = OwnedBuffer<Int>(repeating: 0, count: 4)
                buffer[-1] = 1
            }
        }
    #endif
}
