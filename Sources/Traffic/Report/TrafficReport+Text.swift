import Fabric
import Findings
import InterlockCore

extension TrafficReport {
    /// The human-readable report: the run, the totals and timing, per-job figures, per-tier loads,
    /// ECMP imbalance, hot links, then the policy impact and its findings. Warnings are not in it
    /// (the command prints them on stderr).
    public func text(style: (String) -> String = { $0 }) -> String {
        var out = runText(style: style)
        out += summaryText() + jobsText() + concurrencyText() + tiersText() + imbalanceText() + hotLinksText()
        for impact in impacts { out += Self.text(impact) }
        if let change { out += Self.text(change) }
        if !impacts.isEmpty || !findings.findings.isEmpty { out += "findings\n" + findings.text(limit: 20) }
        return out
    }

    /// The collective, the fabric and routing, then the run's shape (jobs, ranks, channels, failures).
    private func runText(style: (String) -> String) -> String {
        let r = analysis.result
        let options = r.options.collective
        var out = ""
        let routing = r.routingModes.map { "\($0.plane) plane, \($0.mode)" }.joined(separator: "; ")
        out +=
            style("\(options.collective) of \(Units.formatBytes(options.size))") + " on \(r.fabric.name) (\(routing))\n"
        var shape =
            "\(r.placement.jobs.count) \(r.placement.jobs.count == 1 ? "job" : "jobs"), \(r.placement.rankCount) ranks"
        if let c = r.communicators.first?.channels { shape += ", \(c) channels" }
        shape += ", \(options.qpsPerConnection) QP\(options.qpsPerConnection == 1 ? "" : "s") per connection"
        if options.collective == .allToAll { shape += options.pxn ? ", PXN" : ", no PXN" }
        if options.span == .all && r.placement.jobs.count > 1 { shape += ", one communicator over all jobs" }
        if !r.options.failures.isEmpty {
            let names =
                r.options.failures.devices.sorted().map { r.fabric.devices[Int($0)].name }
                + r.options.failures.links.sorted().map { "link \($0)" }
            shape += "; failed: " + names.joined(separator: ", ")
        }
        out += shape + "\n\n"
        return out
    }

    /// Totals and timing.
    private func summaryText() -> String {
        let a = analysis
        let s = a.result.statistics
        var summary = TextTable(headers: ["", ""], alignments: [.left, .left])
        summary.append(["flows", "\(s.flows)" + (s.unroutableFlows > 0 ? " (\(s.unroutableFlows) unroutable)" : "")])
        summary.append(["bytes on the network", Units.formatBytes(s.bytes)])
        if s.localBytes > 0 {
            summary.append([
                "bytes inside nodes (NVLink)", Units.formatBytes(s.localBytes) + "  (\(s.localFlows) transfers)",
            ])
        }
        var time = Units.formatDuration(seconds: a.predictedTime)
        if let hot = a.hotLinks(1).first, a.predictedTime == a.result.loads.bytes[hot] / a.capacity[hot] {
            let d = direction(hot)
            time += "  (bottleneck \(d.from) -> \(d.to))"
        } else if a.predictedTime > 0, let b = a.result.fabric.nvlinkBytesPerSecond {
            time += "  (NVLink, \(Self.gigabytes(perSecond: b)) per GPU)"
        }
        if a.completes {
            summary.append(["predicted time", time])
        } else {
            summary.append(["predicted time", "never completes: \(s.unroutableFlows) flows have no path"])
            summary.append(["routable part", time])
        }
        summary.append([
            "non-blocking fabric",
            Units.formatDuration(seconds: a.idealTime) + "  (slowdown \(Units.fixed(a.slowdown, decimals: 2))x)",
        ])
        switch a.timeBase {
        case .bottleneck: break
        case .iteration, .rate:
            summary.append([
                "utilization over",
                Units.formatDuration(seconds: a.time)
                    + (a.predictedTime > a.time
                        ? "  (overloaded: needs \(Units.formatDuration(seconds: a.predictedTime)))" : ""),
            ])
        }
        summary.append([
            "algbw / busbw",
            "\(Self.gigabytes(perSecond: a.algorithmBandwidth)) / \(Self.gigabytes(perSecond: a.busBandwidth))",
        ])
        summary.append(["spine-crossing share", Units.formatPercent(a.spineCrossingShare)])
        summary.append(["cross-rail share", Units.formatPercent(a.crossRailShare)])
        return Self.body(summary.render()) + "\n"
    }

    /// Per-communicator figures.
    private func jobsText() -> String {
        var jobs = TextTable(
            headers: ["job", "ranks", "nodes", "flows", "bytes", "time", "algbw", "busbw", "slowdown"],
            alignments: [.left, .right, .right, .right, .right, .right, .right, .right, .right])
        for c in analysis.communicators {
            jobs.append([
                c.name, String(c.ranks), String(c.nodes), String(c.statistics.flows),
                Units.formatBytes(c.statistics.bytes),
                c.completes ? Units.formatDuration(seconds: c.predictedTime) : "never",
                Self.gigabytes(perSecond: c.algorithmBandwidth), Self.gigabytes(perSecond: c.busBandwidth),
                c.completes ? Units.fixed(c.slowdown, decimals: 2) + "x" : "-",
            ])
        }
        return jobs.render() + "\n"
    }

    /// Load per tier.
    private func tiersText() -> String {
        var tiers = TextTable(
            headers: ["tier", "directions", "loaded", "bytes", "max", "p99", "p90", "p50", "mean"],
            alignments: [.left, .right, .right, .right, .right, .right, .right, .right, .right])
        for t in analysis.tiers {
            tiers.append([
                t.name, String(t.directions), String(t.loaded), Units.formatBytes(t.bytes),
                Units.formatPercent(t.maxUtilization),
                Units.formatPercent(t.p99), Units.formatPercent(t.p90), Units.formatPercent(t.p50),
                Units.formatPercent(t.meanUtilization),
            ])
        }
        return "utilization per tier (link directions)\n" + tiers.render() + "\n"
    }

    /// ECMP imbalance of the up-links, when there are any.
    private func imbalanceText() -> String {
        let a = analysis
        let r = a.result
        guard !a.imbalance.isEmpty else { return "" }
        var imbalance = TextTable(
            headers: ["up-links", "switches", "worst", "at", "mean"],
            alignments: [.left, .right, .right, .left, .right])
        for i in a.imbalance {
            imbalance.append([
                i.plane == .compute ? i.tier.description : "\(i.plane) \(i.tier)", String(i.switches),
                Units.fixed(i.worst, decimals: 2), r.fabric.devices[Int(i.worstSwitch)].name,
                Units.fixed(i.mean, decimals: 2),
            ])
        }
        return "ECMP imbalance (max / mean bytes over a switch's up-links)\n" + imbalance.render() + "\n"
    }

    /// The most loaded link directions.
    private func hotLinksText() -> String {
        let a = analysis
        let r = a.result
        let hot = a.hotLinks(hotLinkCount)
        guard !hot.isEmpty else { return "" }
        var table = TextTable(
            headers: ["link", "from", "to", "tier", "bytes", "flows", "utilization"],
            alignments: [.right, .left, .left, .left, .right, .right, .right])
        for i in hot {
            let d = direction(i)
            table.append([
                String(d.link), d.from, d.to, d.tier, Units.formatBytes(r.loads.bytes[i]), String(r.loads.flows[i]),
                Units.formatPercent(a.utilization(i)),
            ])
        }
        return "hot links\n" + table.render() + "\n"
    }

    /// A two-column summary without its header lines.
    static func body(_ rendered: String) -> String {
        rendered.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(2).joined(separator: "\n")
    }

    static func text(_ impact: PolicyImpact) -> String {
        var out = "policy impact of \(impact.path)\n"
        var jobs = TextTable(
            headers: ["job", "tenant", "allowed", "blocked", "unenforceable"],
            alignments: [.left, .left, .right, .right, .right])
        for j in impact.jobs {
            func cell(_ v: FlowVerdict) -> String {
                let n = j.flows[v] ?? 0
                return n == 0 ? "0" : "\(n) (\(Units.formatBytes(j.bytes[v] ?? 0)))"
            }
            jobs.append([j.job, j.tenant, cell(.allowed), cell(.blocked), cell(.unenforceable)])
        }
        out += jobs.render()
        if !impact.rules.isEmpty {
            var rules = TextTable(
                headers: ["verdict", "flows", "bytes", "rule", "at"],
                alignments: [.left, .right, .right, .left, .left])
            for r in impact.rules {
                rules.append([
                    r.verdict.description, String(r.flows), Units.formatBytes(r.bytes), r.rule,
                    r.location?.description ?? "",
                ])
            }
            out += "\n" + rules.render()
        }
        return out + "\n"
    }

    static func text(_ change: PolicyChange) -> String {
        change.rows.isEmpty ? "the change alters no verdict\n\n" : "what the change does\n" + change.table() + "\n"
    }
}
