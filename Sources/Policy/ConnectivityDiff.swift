import InterlockCore
import Manifests

/// What changes between two policy sets (each with its inventory): netpol-analyzer's diff.
public struct ConnectivityDiff: Sendable {
    /// How a pair changed: connections on both sides but different (`changed`), only after (`added`), only
    /// before (`removed`).
    public enum Kind: String, Sendable, CaseIterable { case changed, added, removed }

    /// One pair whose connections differ.
    public struct Entry: Hashable, Sendable {
        /// How the pair's connections changed.
        public var kind: Kind
        /// The source peer's name (a workload id or an external range).
        public var source: String
        /// The destination peer's name.
        public var destination: String
        /// The allowed connections before the change (`ref1`); empty when added.
        public var before: ConnectionSet
        /// The allowed connections after the change (`ref2`); empty when removed.
        public var after: ConnectionSet
        /// `workload X added` / `removed` when a side lacks one of the workloads.
        public var workloadsInfo: String?

        /// `diff-type: changed, source: S, destination: D, ref1: CONNS, ref2: CONNS`.
        public var description: String {
            "diff-type: \(kind.rawValue), source: \(source), destination: \(destination), ref1: \(before), ref2: \(after)"
                + (workloadsInfo.map { ", workloads-diff-info: \($0)" } ?? "")
        }
    }

    /// Changed entries first, then added, then removed, each group sorted.
    public var entries: [Entry]

    /// Compares every pair of peers of either side on `network`, external ranges cut where the ipBlocks
    /// and `networks` of both policy sets do (`ExternalSpace.connlistRanges`; IPv6 ones only with
    /// `ipv6`). `progress` is told the sources done and the total over both sides, after each source.
    public init(
        before: some ConnectivityEngine, beforePolicies: PolicySet, after: some ConnectivityEngine,
        afterPolicies: PolicySet,
        network: Network = .pod, ipv6: Bool = true, progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) {
        let ranges = ExternalSpace.connlistRanges([beforePolicies, afterPolicies], on: network, ipv6: ipv6)
        let peers1 = Connlist.peers(before.inventory, on: network, external: ranges)
        let peers2 = Connlist.peers(after.inventory, on: network, external: ranges)
        func matrix(_ lines: [ConnlistLine]) -> [String: ConnlistLine] {
            Dictionary(lines.map { ("\($0.source)\u{0}\($0.destination)", $0) }, uniquingKeysWith: { a, _ in a })
        }
        let total = peers1.count + peers2.count
        let m1 = matrix(Connlist.lines(before, on: network, peers: peers1) { done, _ in progress(done, total) })
        let m2 = matrix(
            Connlist.lines(after, on: network, peers: peers2) { done, _ in progress(peers1.count + done, total) })
        let names1 = Set(peers1.map(\.name))
        let names2 = Set(peers2.map(\.name))
        var out: [Entry] = []
        for key in Set(m1.keys).union(m2.keys) {
            let line = m1[key] ?? m2[key]!
            let c1 = m1[key]?.connections ?? .none
            let c2 = m2[key]?.connections ?? .none
            guard c1 != c2 else { continue }
            let kind: Kind = c1.isEmpty ? .added : c2.isEmpty ? .removed : .changed
            let info = [line.source, line.destination].compactMap { name -> String? in
                if !names1.contains(name) { return "workload \(name) added" }
                if !names2.contains(name) { return "workload \(name) removed" }
                return nil
            }
            out.append(
                Entry(
                    kind: kind, source: line.source, destination: line.destination, before: c1, after: c2,
                    workloadsInfo: info.isEmpty ? nil : info.joined(separator: "; ")))
        }
        entries = Kind.allCases.flatMap { kind in
            out.filter { $0.kind == kind }.sorted { $0.description < $1.description }
        }
    }

    /// The output formats of `policy diff`, as netpol-analyzer names them.
    public enum Format: String, Sendable, CaseIterable { case txt, json, csv }

    /// The diff as netpol-analyzer prints it: a text list under `Connectivity diff:`, CSV with a header row,
    /// or JSON.
    public func render(as format: Format) -> String {
        switch format {
        case .txt:
            return "Connectivity diff:\n" + entries.map { $0.description + "\n" }.joined()
        case .csv:
            let rows = entries.map {
                CSV.row([
                    $0.kind.rawValue, $0.source, $0.destination, $0.before.description,
                    $0.after.description, $0.workloadsInfo ?? "",
                ])
            }
            return (["diff-type,source,destination,ref1,ref2,workloads-diff-info"] + rows).map { $0 + "\n" }.joined()
        case .json:
            return json.serialized()
        }
    }

    /// The entries as netpol-analyzer's JSON diff: `diff-type`, `src`, `dst`, `ref1`, `ref2`.
    public var json: JSON {
        JSON.array(
            entries.map { e in
                var fields: [(String, JSON)] = [
                    ("diff-type", .string(e.kind.rawValue)), ("src", .string(e.source)),
                    ("dst", .string(e.destination)), ("ref1", .string(e.before.description)),
                    ("ref2", .string(e.after.description)),
                ]
                if let info = e.workloadsInfo { fields.append(("workloads-diff-info", .string(info))) }
                return .object(fields)
            })
    }
}

extension PolicyInput {
    /// This input evaluated over `other`'s workloads when it has none of its own (a proposal given
    /// as policies only is compared over the same cluster).
    public func borrowingInventory(from other: PolicyInput) -> PolicyInput {
        guard inventory.workloads.isEmpty, !other.inventory.workloads.isEmpty else { return self }
        var manifests = self.manifests
        manifests.inventory = other.inventory
        return PolicyInput(manifests: manifests, policies: policies)
    }
}
