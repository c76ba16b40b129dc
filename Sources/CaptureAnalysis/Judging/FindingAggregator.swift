import Findings

/// Merges the findings of many connections: one finding per kind, severity, title, endpoints
/// (names and addresses), destination port, protocol and network, its evidence summed (packets,
/// bytes, flows, connection ids; the earliest and latest packet and time).
///
/// Invariant: `keys` lists every key of `merged` once, in order of first appearance.
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

    private var keys: [Key] = []
    private var merged: [Key: Finding] = [:]

    mutating func add(_ f: Finding) {
        let key = Key(kind: f.kind, severity: f.severity, title: f.title, source: f.source, destination: f.destination,
                      proto: f.proto, network: f.network)
        guard var known = merged[key] else {
            keys.append(key)
            merged[key] = f
            return
        }
        if let e = f.evidence {
            known.evidence = known.evidence.map { FindingAggregator.merge($0, e) } ?? e
        }
        merged[key] = known
    }

    /// The merged findings in report order.
    var findings: [Finding] {
        Finding.sortedForReport(keys.map { key in
            var f = merged[key]!
            f.evidence = f.evidence.map(FindingAggregator.finished)
            return f
        })
    }

    static func merge(_ a: Evidence, _ b: Evidence) -> Evidence {
        var e = a
        e.packets += b.packets
        e.bytes += b.bytes
        e.flows += b.flows
        e.firstPacket = [a.firstPacket, b.firstPacket].compactMap { $0 }.min()
        e.lastPacket = [a.lastPacket, b.lastPacket].compactMap { $0 }.max()
        e.firstTimestamp = [a.firstTimestamp, b.firstTimestamp].compactMap { $0 }.min()
        e.lastTimestamp = [a.lastTimestamp, b.lastTimestamp].compactMap { $0 }.max()
        // Appended here, sorted once by `finished`: merging stays linear in the connections.
        e.connections += b.connections
        if let s = b.source, let mine = a.source, s != mine, !mine.split(separator: ", ").contains(Substring(s)) {
            e.source = mine + ", " + s
        }
        return e
    }

    /// Evidence whose merging is over: connection ids ascending, each once.
    static func finished(_ e: Evidence) -> Evidence {
        var e = e
        e.connections = Array(Set(e.connections)).sorted()
        return e
    }
}
