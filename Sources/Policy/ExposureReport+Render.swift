import InterlockCore

extension ExposureReport {
    /// netpol-analyzer's text: `Exposure Analysis Result:`, an `Egress Exposure:` and an `Ingress Exposure:`
    /// section of `WORKLOAD => PEER : CONNS` (`<=` for ingress) lines, each followed by the rule that opens
    /// it, then `Workloads not protected by network policies:`.
    public var text: String {
        var out = "Exposure Analysis Result:\n"
        for direction in [Direction.egress, .ingress] {
            let section = items.filter { $0.direction == direction }
            guard !section.isEmpty else { continue }
            out += direction == .egress ? "Egress Exposure:\n" : "Ingress Exposure:\n"
            let arrow = direction == .egress ? "=>" : "<="
            let width = section.map(\.workload.count).max() ?? 0
            let rows = section.map { item in
                item.workload.padding(toLength: width, withPad: " ", startingAt: 0)
                    + "  \(arrow)  \(item.peer) : \(item.connections)"
            }
            let rowWidth = rows.map(\.count).max() ?? 0
            for (row, item) in zip(rows, section) {
                out += row.padding(toLength: rowWidth, withPad: " ", startingAt: 0) + "  " + Self.cite(item) + "\n"
            }
            out += "\n"
        }
        if !unprotected.isEmpty {
            out += "Workloads not protected by network policies:\n"
            for (workload, direction) in unprotected {
                out += "\(workload) is not protected on \(direction == .egress ? "Egress" : "Ingress")\n"
            }
        }
        return out
    }

    /// `(NetworkPolicy ns/p ingress rule 0 at file:line)`, or why nothing protects the workload.
    static func cite(_ item: ExposureItem) -> String {
        guard let rule = item.rule else { return "(no policy protects it on \(item.direction.rawValue))" }
        return "(\(rule) at \(rule.location.file):\(rule.location.line))"
    }

    /// `{"egress": [...], "ingress": [...], "unprotected": [...]}`: each item with `workload`, `peer`,
    /// `peer_kind`, `conn` and `rule` (`policy`, `direction`, `index`, `name`, `file`, `line`; `null` for a
    /// workload nothing protects); each unprotected entry with `workload` and `direction`.
    public var json: JSON {
        func item(_ i: ExposureItem) -> JSON {
            .object([
                ("workload", .string(i.workload)), ("peer", .string(i.peer.description)),
                ("peer_kind", .string(i.peer.kind)), ("conn", .string(i.connections)),
                (
                    "rule",
                    i.rule.map { r in
                        .object([
                            ("policy", .string(r.policy.description)), ("direction", .string(r.direction.rawValue)),
                            ("index", .int(r.index)), ("name", r.name.map { .string($0) } ?? .null),
                            ("file", .string(r.location.file)), ("line", .int(r.location.line)),
                        ])
                    } ?? .null
                ),
            ])
        }
        return .object([
            ("egress", .array(items.filter { $0.direction == .egress }.map(item))),
            ("ingress", .array(items.filter { $0.direction == .ingress }.map(item))),
            (
                "unprotected",
                .array(
                    unprotected.map {
                        .object([("workload", .string($0.workload)), ("direction", .string($0.direction.rawValue))])
                    })
            ),
        ])
    }
}

extension ExposurePeer {
    /// `entire-cluster`, `pods`, `addresses`, `nodes` or `domain-names`.
    public var kind: String {
        switch self {
        case .entireCluster: return "entire-cluster"
        case .pods: return "pods"
        case .addresses: return "addresses"
        case .nodes: return "nodes"
        case .domainNames: return "domain-names"
        }
    }
}
