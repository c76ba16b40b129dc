import Dispatch
import InterlockCore

/// `CaptureScan.count` on several cores, for one memory-mapped classic pcap file.
///
/// Each worker walks the whole file through its own reader (its own map of the same pages), but
/// decodes and tracks only the packets whose outer address pair hashes to it (`ScanShare`:
/// symmetric, both directions alike; read from the bytes before decoding for the common frames), in
/// its own `ConnectionTracker`; worker 0 also counts every record read. So every connection key,
/// every fragment of a datagram (they share the addresses) and every tunnel's outer flow live in
/// one worker, which sees them in the order one thread would, and the workers never wait for each
/// other: walking the record headers (the floor's work) is repeated, decoding and tracking are
/// split. The
/// connections are then merged in the order one tracker would have opened them: by opening packet,
/// outer before inner.
///
/// Two things could still part from one thread, and both make `count` return `nil` (the caller
/// scans again on one thread): the same tunnelled inner flow carried between two address pairs
/// that went to different workers, and held fragments whose fate could depend on the other workers'
/// (the shared hold capacity reached, or timestamps going backwards while fragments were held).
enum ParallelScan {
    /// At most this many workers.
    static let maximumThreads = 64

    /// Reads `reader` (whose `soloMapping` must be set) with `threads` workers; adds what it read to
    /// `summary` and returns the connections by id, not yet RoCE-paired, or `nil` when the result
    /// might differ from one thread's (see the type's documentation) or the file cannot be opened
    /// again for the other workers.
    static func count(
        reader: CaptureReader, configuration: TrackerConfiguration, threads: Int, summary: inout ReadSummary,
        progress: ((ReadSummary) -> Void)?
    ) -> [Connection]? {
        guard reader.soloMapping != nil else { return nil }
        let workers = max(1, min(threads, maximumThreads))
        guard let others = try? (1..<workers).map({ _ in try reader.reopened() }) else { return nil }
        let run = Workers(
            readers: [reader] + others,
            trackers: (0..<workers).map { _ in ConnectionTracker(configuration: configuration) },
            progress: progress)
        DispatchQueue.concurrentPerform(iterations: workers) { w in run.scan(worker: w) }
        var read = ReadSummary()
        for w in 0..<workers { read.add(run.summaries[w]) }
        // One tracker would have held at most this many fragments at once.
        let held = run.trackers.reduce(0) { $0 + $1.peakHeldFragments }
        guard held < HeldFragments.capacity, held == 0 || run.monotonic[0], let merged = merge(run.trackers) else {
            return nil
        }
        summary.add(read)
        return merged
    }

    /// The workers' connections as one tracker would number them; `nil` when a tunnelled inner
    /// flow shows up in two workers.
    static func merge(_ trackers: [ConnectionTracker]) -> [Connection]? {
        let perWorker = trackers.map(\.connections)
        var order: [(opening: Int, inner: Bool, worker: Int, id: Int)] = []
        order.reserveCapacity(perWorker.reduce(0) { $0 + $1.count })
        for (w, tracker) in trackers.enumerated() {
            for (id, opening) in tracker.openingPackets.enumerated() {
                order.append((opening, perWorker[w][id].outerConnection != nil, w, id))
            }
        }
        order.sort { ($0.opening, $0.inner ? 1 : 0) < ($1.opening, $1.inner ? 1 : 0) }
        var global = perWorker.map { [Int](repeating: 0, count: $0.count) }
        for (g, o) in order.enumerated() { global[o.worker][o.id] = g }
        var innerFlows: [InnerFlow: Int] = [:]
        var merged: [Connection] = []
        merged.reserveCapacity(order.count)
        for (g, o) in order.enumerated() {
            var c = perWorker[o.worker][o.id]
            c.id = g
            if let outer = c.outerConnection {
                c.outerConnection = global[o.worker][outer]
                if innerFlows.updateValue(o.worker, forKey: InnerFlow(c)).map({ $0 != o.worker }) ?? false {
                    return nil
                }
            }
            merged.append(c)
        }
        return merged
    }
}

/// What keys a tunnelled inner flow, coarsened (no ports, unordered addresses): two workers with the
/// same one may have split what one tracker keeps as one connection.
private struct InnerFlow: Hashable {
    var tunnel: TunnelKind, tunnelID: UInt32, vlan: UInt16, innerVLAN: UInt16, proto: IPProtocol
    var low: PacketAddress, high: PacketAddress

    init(_ c: Connection) {
        tunnel = c.tunnel
        tunnelID = c.tunnelID
        vlan = c.vlan
        innerVLAN = c.innerVLAN
        proto = c.proto
        low = min(c.initiator, c.responder)
        high = max(c.initiator, c.responder)
    }
}

/// The workers of one split scan: worker `w` uses only reader, tracker, summary and flag `w`, so
/// they share nothing while they run.
private final class Workers: @unchecked Sendable {
    let readers: [CaptureReader]
    let trackers: [ConnectionTracker]
    let progress: ((ReadSummary) -> Void)?
    /// By worker: what it counted.
    let summaries: UnsafeMutableBufferPointer<ReadSummary>
    /// By worker: whether its timestamps never went backwards (known to worker 0).
    let monotonic: UnsafeMutableBufferPointer<Bool>

    init(readers: [CaptureReader], trackers: [ConnectionTracker], progress: ((ReadSummary) -> Void)?) {
        self.readers = readers
        self.trackers = trackers
        self.progress = progress
        summaries = .allocate(capacity: readers.count)
        summaries.initialize(repeating: ReadSummary())
        monotonic = .allocate(capacity: readers.count)
        monotonic.initialize(repeating: true)
    }

    deinit {
        summaries.deinitialize().deallocate()
        monotonic.deallocate()
    }

    /// Worker `w`'s whole scan; it reports progress if it is worker 0.
    func scan(worker w: Int) {
        monotonic[w] = CaptureScan.count(
            reader: readers[w], tracker: trackers[w], summary: &summaries[w],
            share: ScanShare(worker: w, workers: readers.count), progress: w == 0 ? progress : nil)
    }
}
