import InterlockCore

extension WorkloadReplayResult {
    /// The text report: the iteration's times, its collectives, bytes per tier and the hot links.
    public func text(hotLinks count: Int = 10) -> String {
        let s = schedule
        let w = workload
        var out = "workload: \(w.format), \(w.ranks) ranks of job \(job.name) on \(job.nodes.count) nodes, "
        out += "\(w.collectives.count) collectives\n"
        var summary = TextTable(headers: ["", ""], alignments: [.left, .right])
        summary.append(["iteration", Units.formatDuration(seconds: s.iterationTime)])
        summary.append(["compute", Units.formatDuration(seconds: s.computeTime)])
        summary.append(["communication", Units.formatDuration(seconds: s.communicationTime)])
        summary.append(["exposed communication", Units.formatDuration(seconds: s.exposedTime)])
        if w.programs.count > 1 { summary.append(["critical rank", String(criticalRank)]) }
        out += TrafficReport.body(summary.render()) + "\n"
        if !completes { out += "the iteration never completes: some collectives have flows with no path\n" }
        // One row per distinct collective (kind, size, groups), with how often the iteration runs it.
        var rows: [SimulationKey: Int] = [:]
        var distinct: [(c: ReplayedCollective, count: Int)] = []
        for c in collectives {
            let key = SimulationKey(
                collective: c.collective.collective, bytes: c.collective.bytes, groups: c.collective.groups)
            if let k = rows[key] {
                distinct[k].count += 1
            } else {
                rows[key] = distinct.count
                distinct.append((c, 1))
            }
        }
        var table = TextTable(
            headers: ["collective", "size", "groups", "group size", "count", "time", "first"],
            alignments: [.left, .right, .right, .right, .right, .right, .left])
        for (c, count) in distinct {
            table.append([
                c.collective.collective.description, Units.formatBytes(c.collective.bytes),
                String(c.collective.groups.count), String(c.collective.groups.map(\.count).max() ?? 0), String(count),
                Units.formatDuration(seconds: c.time) + (c.completes ? "" : " (never completes)"), c.collective.label,
            ])
        }
        out += "collectives\n" + table.render() + "\n"
        var tierTable = TextTable(headers: ["tier", "bytes", "exposed"], alignments: [.left, .right, .right])
        for t in tiers { tierTable.append([t.tier, Units.formatBytes(t.bytes), Units.formatBytes(t.exposed)]) }
        out += "bytes per iteration\n" + tierTable.render()
        let hot = hotLinks(count)
        if !hot.isEmpty {
            var links = TextTable(
                headers: ["link", "from", "to", "tier", "bytes", "busy"],
                alignments: [.right, .left, .left, .left, .right, .right])
            for i in hot {
                let d = TrafficReport.direction(i, in: fabric)
                links.append([
                    String(d.link), d.from, d.to, d.tier, Units.formatBytes(directionBytes[i]),
                    Units.formatDuration(seconds: directionBytes[i] / capacity[i]),
                ])
            }
            out += "\nhot links\n" + links.render()
        }
        return out
    }

    /// Warnings: communication the traces hold that replay does not simulate.
    public var warnings: [String] {
        workload.skipped.map { "\($0.count) \($0.kind) operations are not simulated" }
    }

    /// The JSON report: the same figures, seconds and bytes as numbers.
    public func json(hotLinks count: Int = 10) -> JSON {
        let s = schedule
        return .object([
            ("format", .string(workload.format)), ("job", .string(job.name)), ("ranks", .int(workload.ranks)),
            ("completes", .bool(completes)), ("iterationTime", .double(s.iterationTime)),
            ("computeTime", .double(s.computeTime)), ("communicationTime", .double(s.communicationTime)),
            ("exposedTime", .double(s.exposedTime)), ("criticalRank", .int(criticalRank)),
            (
                "collectives",
                .array(
                    collectives.map { c in
                        .object([
                            ("collective", .string(c.collective.collective.description)),
                            ("bytes", .double(c.collective.bytes)), ("label", .string(c.collective.label)),
                            ("groups", .int(c.collective.groups.count)),
                            ("groupSize", .int(c.collective.groups.map(\.count).max() ?? 0)),
                            ("time", .double(c.time)), ("completes", .bool(c.completes)),
                        ])
                    })
            ),
            (
                "tiers",
                .array(
                    tiers.map {
                        .object([
                            ("tier", .string($0.tier)), ("bytes", .double($0.bytes)), ("exposed", .double($0.exposed)),
                        ])
                    })
            ),
            (
                "hotLinks",
                .array(
                    hotLinks(count).map { i in
                        let d = TrafficReport.direction(i, in: fabric)
                        return .object([
                            ("link", .int(d.link)), ("from", .string(d.from)), ("to", .string(d.to)),
                            ("tier", .string(d.tier)), ("bytes", .double(directionBytes[i])),
                            ("busy", .double(directionBytes[i] / capacity[i])),
                        ])
                    })
            ),
            ("warnings", .array(warnings.map { .string($0) })),
        ])
    }
}
