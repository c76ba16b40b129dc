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
        let buffers = Buffers(count: workers)
        defer { buffers.storage.deinitialize().deallocate() }
        var next = 0
        while next < headers.count {
            let first = next
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                let start = first + w * Self.blockSize
                let end = min(headers.count, start + Self.blockSize)
                guard start < end else { return }
                for i in start..<end {
                    writeLine(headers[i], rule: classifier.firstMatch(headers[i]), number: i, to: &buffers.storage[w])
                }
            }
            for w in 0..<workers {
                buffers.storage[w].withUnsafeBufferPointer { out.append($0) }
                buffers.storage[w].removeAll(keepingCapacity: true)
                out.recordEnd()
            }
            next = min(headers.count, first + workers * Self.blockSize)
        }
        writeClosing(lines: headers.count, to: out)
    }

    /// One byte buffer per worker; a worker writes only its own, and only the calling thread reads
    /// them, between rounds.
    private struct Buffers: @unchecked Sendable {
        let storage: UnsafeMutableBufferPointer<[UInt8]>

        init(count: Int) {
            storage = .allocate(capacity: count)
            storage.initialize(repeating: [])
        }
    }
}
