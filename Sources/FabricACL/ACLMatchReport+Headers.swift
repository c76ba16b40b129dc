import Dispatch
import InterlockCore

extension ACLMatchReport {
    /// Headers per block: a worker classifies and writes one block at a time into its own buffer.
    static let blockSize = 1 << 14

    /// Writes the whole report of `headers` to `out`: the opening, one line per header in trace
    /// order, the closing. With `threads` above one, consecutive blocks of headers are classified
    /// and written on that many threads at once, each into its own byte buffer, and the buffers are
    /// appended to `out` in block order: the bytes are those of one thread.
    public func write(
        _ headers: [PacketHeader], classifier: some PacketClassifier, threads: Int = 1, to out: ByteWriter
    ) {
        writeOpening(to: out)
        let workers = max(1, threads)
        // A worker's buffer holds a block of its longest lines, and the room the last store may spill.
        let buffers = (0..<workers).map { _ in
            OwnedBuffer<UInt8>(repeating: 0, count: Self.blockSize * lines.longest + ByteText.slack)
        }
        let counts = OwnedBuffer<Int>(repeating: 0, count: workers)
        var next = 0
        while next < headers.count {
            let first = next
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                let start = first + w * Self.blockSize
                let end = min(headers.count, start + Self.blockSize)
                let p = buffers[w].baseAddress
                var count = 0
                for i in start..<max(start, end) {
                    let h = headers[i]
                    count += lines.write(h, rule: classifier.firstMatch(h), number: i, at: p + count)
                }
                counts[w] = count
            }
            for w in 0..<workers {
                out.append(UnsafeBufferPointer(start: buffers[w].baseAddress, count: counts[w]))
                out.recordEnd()
            }
            next = min(headers.count, first + workers * Self.blockSize)
        }
        writeClosing(lines: headers.count, to: out)
    }
}
