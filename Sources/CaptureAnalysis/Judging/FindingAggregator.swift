import Capture
import Findings

/// Merges the findings of many connections: one finding per kind, severity, title, endpoints
/// (names and addresses), destination port, protocol and network, its evidence summed (packets,
/// bytes, flows, connection ids; the earliest and latest packet and time).
///
/// Invariant: `index` maps each key to its finding's position in `merged`, which holds the findings
/// in order of first appearance; evidence is merged in place (no copy of a growing finding per add).
struct FindingAggregator {
    private struct Key: Hashable {
        var kind: FindingKind
        var severity: Severity
        var title: String
        var source: FindingEndpoint?
        var destination: FindingEndpoint?
        var proto: String?
        var network: String?
    }

    private var index: [Key: Int] = [:]
    private var merged: [Finding] = []
    /// Per finding, the capture file whose path `add(_:to:files:)` last merged into its evidence's
    /// source (-1: none yet): a flow from the same file cannot add to the source.
    private var lastFile: [Int] = []

    /// Adds `f` and returns the position of the finding it went into (a new one when no finding had
    /// its key): further evidence for it can go straight there (`add(_:to:)`).
    @discardableResult
    mutating func add(_ f: consuming Finding) -> Int {
        let key = Key(
            kind: f.kind, severity: f.severity, title: f.title, source: f.source, destination: f.destination,
            proto: f.proto, network: f.network)
        guard let i = index[key] else {
            index[key] = merged.count
            merged.append(f)
            lastFile.append(-1)
            return merged.count - 1
        }
        if let e = f.evidence { add(e, to: i) }
        return i
    }

    /// Merges `e` into the finding at `position` (as `add` does for a finding of equal key).
    mutating func add(_ e: Evidence, to position: Int) {
        if merged[position].evidence == nil {
            merged[position].evidence = e
        } else {
            FindingAggregator.merge(&merged[position].evidence!, e)
        }
    }

    /// Merges one flow's evidence into the finding at `position`, as merging its `Evidence` (with
    /// the path of `files[e.file]` as its source) would, without building one.
    mutating func add(_ e: FlowEvidence, to position: Int, files: [CaptureFileInfo]) {
        let newFile = lastFile[position] != e.file
        lastFile[position] = e.file
        FindingAggregator.merge(&merged[position].evidence, e, path: newFile ? files[e.file].path : nil)
    }

    /// `merge(_:_:)` for a flow's evidence, in place. `path` is its file's, given when the file is
    /// not the one last merged here, which it never is for evidence that starts here.
    private static func merge(_ x: inout Evidence?, _ e: FlowEvidence, path: String?) {
        // Moved out and back, so that no field is copied (reading through `x!` copies them all).
        guard var v = x.take() else {
            x = Evidence(e, source: path!)
            return
        }
        v.packets += e.packets
        v.bytes += e.bytes
        v.countsKnown = v.countsKnown && e.countsKnown
        v.flows += 1
        v.firstPacket = earliest(v.firstPacket, e.firstPacket)
        v.lastPacket = latest(v.lastPacket, e.lastPacket)
        v.firstTimestamp = earliest(v.firstTimestamp, e.firstTimestamp)
        v.lastTimestamp = latest(v.lastTimestamp, e.lastTimestamp)
        e.members.append(to: &v.connections)
        if let path { mergeSource(&v, path) }
        x = consume v
    }

    /// The merged findings and then `distinct` (findings whose keys differ from each other's and
    /// from every finding here, such as the unknown-endpoint findings, one per address), in report
    /// order: what adding `distinct` one by one and reading the findings gives, without hashing
    /// them or copying any finding.
    consuming func findings(appending distinct: consuming [Finding]) -> [Finding] {
        var all = merged
        merged = []
        let first = all.count
        all.reserveCapacity(first + distinct.count)
        // Moved over from the end (no copy), then put back in their order.
        while let f = distinct.popLast() { all.append(f) }
        all.withUnsafeMutableBufferPointer { $0[first...].reverse() }
        for i in all.indices where all[i].evidence != nil { FindingAggregator.finish(&all[i].evidence!) }
        return Finding.sortedForReport(all)
    }

    /// Adds `b` to `e`: counts summed, the earliest and latest packet and time, connection ids
    /// appended (sorted once by `finished`, so merging stays linear), sources listed once.
    static func merge(_ e: inout Evidence, _ b: Evidence) {
        e.packets += b.packets
        e.bytes += b.bytes
        e.countsKnown = e.countsKnown && b.countsKnown
        e.flows += b.flows
        e.firstPacket = earliest(e.firstPacket, b.firstPacket)
        e.lastPacket = latest(e.lastPacket, b.lastPacket)
        e.firstTimestamp = earliest(e.firstTimestamp, b.firstTimestamp)
        e.lastTimestamp = latest(e.lastTimestamp, b.lastTimestamp)
        e.connections += b.connections
        if let s = b.source { mergeSource(&e, s) }
    }

    /// Adds the file `s` to the sources `e` lists, once.
    private static func mergeSource(_ e: inout Evidence, _ s: String) {
        if let mine = e.source, s != mine, !mine.split(separator: ", ").contains(Substring(s)) {
            e.source = mine + ", " + s
        }
    }

    private static func earliest<T: Comparable>(_ a: T?, _ b: T?) -> T? {
        guard let a else { return b }
        guard let b else { return a }
        return min(a, b)
    }

    private static func latest<T: Comparable>(_ a: T?, _ b: T?) -> T? {
        guard let a else { return b }
        guard let b else { return a }
        return max(a, b)
    }

    /// Ends the merging of `e`: connection ids ascending, each once.
    static func finish(_ e: inout Evidence) {
        // Most findings hold one connection, or ids merged in ascending order: left as they are.
        let ids = e.connections
        if !zip(ids, ids.dropFirst()).allSatisfy({ $0 < $1 }) {
            var unique: [Int] = []
            unique.reserveCapacity(ids.count)
            for id in ids.sorted() where unique.last != id { unique.append(id) }
            e.connections = unique
        }
    }
}

/// One flow's evidence as the analyzer merges it into existing findings: counts, packet and time
/// range, the index of its capture file and its connections; no strings.
struct FlowEvidence {
    var packets: Int
    var bytes: Int
    var firstPacket: Int
    var lastPacket: Int
    var firstTimestamp: Int64
    var lastTimestamp: Int64
    /// Index into the capture's files.
    var file: Int
    var members: FlowMembers
    /// Whether the packets and bytes were counted (a flow log may not).
    var countsKnown = true
    /// For a flow log: whether its positions are lines (text) rather than records; `nil` for frames.
    var positionsAreLines: Bool? = nil
}

extension Evidence {
    /// The evidence of one flow, its source file's path given (no display filter).
    init(_ e: FlowEvidence, source: String, displayFilter: String? = nil) {
        self.init(
            packets: e.packets, bytes: e.bytes, firstPacket: e.firstPacket, lastPacket: e.lastPacket,
            firstTimestamp: e.firstTimestamp, lastTimestamp: e.lastTimestamp, source: source,
            connections: Array(e.members), displayFilter: displayFilter)
        countsKnown = e.countsKnown
        positions = e.positionsAreLines.map { $0 ? "line" : "record" }
    }
}
