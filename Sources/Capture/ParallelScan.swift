import Dispatch
import InterlockCore

/// `CaptureScan.count` on several cores, for one memory-mapped classic pcap file.
///
/// The reader walks the record headers once, in batches; per batch, the records are decoded in
/// parallel slices to sort them (filtered, undecodable, or the worker of their flow), then each
/// worker tracks its own packets, in stream order, in its own `ConnectionTracker`. A packet goes to
/// the worker its outer address pair hashes to (symmetric: both directions alike), so every
/// connection key, every fragment of a datagram (they share the addresses) and every tunnel's outer
/// flow live in one worker, which sees them in the order one thread would. The connections are then
/// merged in the order one tracker would have opened them: by opening packet, outer before inner.
///
/// Two things could still part from one thread, and both make `count` return `nil` (the caller
/// scans again on one thread): the same tunnelled inner flow carried between two address pairs
/// that went to different workers, and held fragments whose fate could depend on the other workers'
/// (the shared hold capacity reached, or timestamps going backwards while fragments were held).
enum ParallelScan {
    /// Records per batch: enough to keep every worker busy, few enough to stay in cache-sized memory.
    static let batchSize = 1 << 16
    /// The route of a record that is not tracked (bad, filtered, undecodable).
    static let untrackedRoute: UInt8 = .max
    /// At most this many workers (routes fit a byte, below `untracked`).
    static let maximumThreads = 64

    /// Reads `reader` (whose `soloMapping` must be set) with `threads` workers; adds what it read to
    /// `summary` and returns the connections by id, not yet RoCE-paired, or `nil` when the result
    /// might differ from one thread's (see the type's documentation).
    static func count(
        reader: CaptureReader, configuration: TrackerConfiguration, threads: Int, summary: inout ReadSummary,
        progress: ((ReadSummary) -> Void)?
    ) -> [Connection]? {
        guard let mapping = reader.soloMapping else { return nil }
        let workers = max(1, min(threads, maximumThreads))
        let trackers = (0..<workers).map { _ in ConnectionTracker(configuration: configuration) }
        let records = UnsafeMutableBufferPointer<CaptureRecord>.allocate(capacity: batchSize)
        let routes = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: batchSize)
        let packets = UnsafeMutableBufferPointer<DecodedPacket>.allocate(capacity: batchSize)
        packets.initialize(repeating: DecodedPacket())
        let summaries = UnsafeMutableBufferPointer<ReadSummary>.allocate(capacity: workers)
        summaries.initialize(repeating: ReadSummary())
        defer {
            records.deallocate()
            routes.deallocate()
            packets.deinitialize().deallocate()
            summaries.deallocate()
        }
        var read = ReadSummary()
        var earliest = Int64.max
        var latest = Int64.min
        var previous = Int64.min
        var monotonic = true
        var untilProgress = CaptureScan.progressInterval
        var more = true
        while more {
            var n = 0
            while n < batchSize, let record = reader.next() {
                CaptureScan.countRead(record, in: &read, earliest: &earliest, latest: &latest)
                if record.timestamp < previous { monotonic = false }
                previous = record.timestamp
                records.initializeElement(at: n, to: record)
                n += 1
                untilProgress &-= 1
                if untilProgress == 0, let progress {
                    untilProgress = CaptureScan.progressInterval
                    var shown = read
                    shown.noteTimes(earliest, latest)
                    progress(shown)
                }
            }
            more = n == batchSize
            let batch = Batch(
                records: records, routes: routes, packets: packets, summaries: summaries, trackers: trackers, count: n)
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                batch.route(slice: w, of: workers)
            }
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                batch.track(worker: w)
            }
        }
        withExtendedLifetime(mapping) {}
        read.noteTimes(earliest, latest)
        for w in 0..<workers {
            trackers[w].finishFragments()
            CaptureScan.countFragmentOutcomes(trackers[w], in: &summaries[w])
            read.add(summaries[w])
        }
        // One tracker would have held at most this many fragments at once.
        let held = trackers.reduce(0) { $0 + $1.peakHeldFragments }
        guard held < HeldFragments.capacity, held == 0 || monotonic, let merged = merge(trackers) else { return nil }
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

/// One batch of records, their routes and decoded packets, shared by the workers: slice `w` of the
/// routes and packets is written only while routing slice `w`, summary `w` and tracker `w` are used
/// only by worker `w`, and the records only read.
private struct Batch: @unchecked Sendable {
    let records: UnsafeMutableBufferPointer<CaptureRecord>
    let routes: UnsafeMutableBufferPointer<UInt8>
    /// The decoded packet of each routed record, kept from routing for its worker to track.
    let packets: UnsafeMutableBufferPointer<DecodedPacket>
    let summaries: UnsafeMutableBufferPointer<ReadSummary>
    let trackers: [ConnectionTracker]
    let count: Int

    /// Decodes slice `s` of `slices` and sets each record's route: its worker, or untracked (counted
    /// then as bad, filtered or undecodable in summary `s`).
    func route(slice s: Int, of slices: Int) {
        let decoder = PacketDecoder()
        var packet = DecodedPacket()
        let start = count * s / slices
        let end = count * (s + 1) / slices
        for i in start..<end {
            let record = records[i]
            if record.isBadRecord {
                summaries[s].countUndecodable(.badRecord)
            } else if !record.matchesFilter {
                summaries[s].filtered &+= 1
            } else if let reason = decoder.decode(record: record, into: &packet) {
                summaries[s].countUndecodable(reason)
            } else {
                let n = packet.outer.network
                // Symmetric: the sum of the two addresses' hashes.
                let h =
                    HashMix.fold(n.source.high, n.source.low) &+ HashMix.fold(n.destination.high, n.destination.low)
                routes[i] = UInt8(truncatingIfNeeded: Int((h >> 32) % UInt64(slices)))
                packets[i] = packet
                continue
            }
            routes[i] = ParallelScan.untrackedRoute
        }
    }

    /// Tracks the records routed to worker `w`, in stream order, counting them in summary `w`.
    func track(worker w: Int) {
        let tracker = trackers[w]
        let route = UInt8(w)
        for i in 0..<count where routes[i] == route {
            let packet = packets[i]
            if tracker.track(packet, records[i]) != nil { CaptureScan.countDecoded(packet, in: &summaries[w]) }
            if tracker.hasFragmentOutcomes { CaptureScan.countFragmentOutcomes(tracker, in: &summaries[w]) }
        }
    }
}
