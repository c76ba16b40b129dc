import Fabric
import Findings
import InterlockCore

extension TrafficReport {
    /// The machine-readable report. Times in seconds, bandwidths in bytes per second (nccl-tests'
    /// algbw and busbw), utilizations as fractions, bytes as numbers.
    public var json: JSON {
        let a = analysis
        let r = a.result
        let s = r.statistics
        let options = r.options.collective
        var fields: [(String, JSON)] = [
            ("topology", .string(r.fabric.name)),
            ("collective", .string(options.collective.rawValue)),
            ("size", .double(options.size)),
            ("routing", .object(r.routingModes.map { ($0.plane.name, .string($0.mode)) })),
            ("pxn", .bool(options.pxn)),
            ("qpsPerConnection", .int(options.qpsPerConnection)),
            ("span", .string(options.span.rawValue)),
            ("failedLinks", .array(r.options.failures.links.sorted().map { .int(Int($0)) })),
            (
                "failedSwitches",
                .array(r.options.failures.devices.sorted().map { .string(r.fabric.devices[Int($0)].name) })
            ),
            ("flows", .int(s.flows)),
            ("bytes", .double(s.bytes)),
            ("localBytes", .double(s.localBytes)),
            ("localFlows", .int(s.localFlows)),
            ("unroutableFlows", .int(s.unroutableFlows)),
            ("unroutableBytes", .double(s.unroutableBytes)),
            ("completes", .bool(a.completes)),
        ]
        fields += Self.timing(
            completes: a.completes, predicted: a.predictedTime, ideal: a.idealTime, slowdown: a.slowdown)
        fields += [
            ("utilizationTime", .double(a.time)),
            ("algorithmBandwidth", .double(a.algorithmBandwidth)),
            ("busBandwidth", .double(a.busBandwidth)),
            ("spineCrossingShare", .double(a.spineCrossingShare)),
            ("crossRailShare", .double(a.crossRailShare)),
            (
                "jobs",
                .array(
                    a.communicators.map { c in
                        var f: [(String, JSON)] = [
                            ("name", .string(c.name)), ("ranks", .int(c.ranks)), ("nodes", .int(c.nodes)),
                        ]
                        if let ch = c.channels { f.append(("channels", .int(ch))) }
                        f += [
                            ("flows", .int(c.statistics.flows)), ("bytes", .double(c.statistics.bytes)),
                            ("localBytes", .double(c.statistics.localBytes)),
                            ("localFlows", .int(c.statistics.localFlows)),
                            ("unroutableFlows", .int(c.statistics.unroutableFlows)),
                            ("completes", .bool(c.completes)),
                        ]
                        f += Self.timing(
                            completes: c.completes, predicted: c.predictedTime, ideal: c.idealTime,
                            slowdown: c.slowdown)
                        f += [
                            ("nvlinkTime", .double(c.nvlinkTime)),
                            ("algorithmBandwidth", .double(c.algorithmBandwidth)),
                            ("busBandwidth", .double(c.busBandwidth)),
                        ]
                        return .object(f)
                    })
            ),
            (
                "tiers",
                .object(
                    a.tiers.map { t in
                        (
                            t.name,
                            .object([
                                ("plane", .string(t.plane.name)), ("links", .int(t.directions / 2)),
                                ("directions", .int(t.directions)),
                                ("loadedDirections", .int(t.loaded)), ("bytes", .double(t.bytes)),
                                ("maxUtilization", .double(t.maxUtilization)),
                                ("meanUtilization", .double(t.meanUtilization)),
                                ("p50Utilization", .double(t.p50)), ("p90Utilization", .double(t.p90)),
                                ("p99Utilization", .double(t.p99)),
                            ])
                        )
                    })
            ),
            (
                "ecmpImbalance",
                .object(
                    a.imbalance.map { i in
                        (
                            i.plane == .compute ? i.tier.description : "\(i.plane) \(i.tier)",
                            .object([
                                ("switches", .int(i.switches)), ("worst", .double(i.worst)),
                                ("worstSwitch", .string(r.fabric.devices[Int(i.worstSwitch)].name)),
                                ("mean", .double(i.mean)),
                            ])
                        )
                    })
            ),
            (
                "hotLinks",
                .array(
                    a.hotLinks(hotLinkCount).map { i in
                        let d = direction(i)
                        return .object([
                            ("link", .int(d.link)), ("from", .string(d.from)), ("to", .string(d.to)),
                            ("tier", .string(d.tier)),
                            ("plane", .string(d.plane)), ("rail", d.rail.isEmpty ? .null : .int(Int(d.rail)!)),
                            ("bytes", .double(r.loads.bytes[i])), ("flows", .int(Int(r.loads.flows[i]))),
                            ("utilization", .double(a.utilization(i))),
                        ])
                    })
            ),
        ]
        if let concurrency { fields.append(("concurrency", concurrencyJSON(concurrency))) }
        if !impacts.isEmpty { fields.append(("policy", .array(impacts.map(Self.json)))) }
        if let change { fields.append(("changes", change.json)) }
        fields.append(("findings", .array(findings.findings.map(\.json))))
        fields.append(("warnings", .array(warnings.map { .string($0) })))
        return .object(fields)
    }

    static func json(_ impact: PolicyImpact) -> JSON {
        .object([
            ("path", .string(impact.path)),
            (
                "jobs",
                .array(
                    impact.jobs.map { j in
                        var f: [(String, JSON)] = [("job", .string(j.job)), ("tenant", .string(j.tenant))]
                        for v in [FlowVerdict.allowed, .blocked, .unenforceable] {
                            f.append(
                                (
                                    v.description,
                                    .object([("flows", .int(j.flows[v] ?? 0)), ("bytes", .double(j.bytes[v] ?? 0))])
                                ))
                        }
                        return .object(f)
                    })
            ),
            (
                "rules",
                .array(
                    impact.rules.map { r in
                        .object([
                            ("verdict", .string(r.verdict.description)), ("rule", .string(r.rule)),
                            ("location", r.location?.json ?? .null), ("flows", .int(r.flows)),
                            ("bytes", .double(r.bytes)),
                        ])
                    })
            ),
        ])
    }

    /// The timing fields: `predictedTime` (null when the collective never completes, with the
    /// routable part's time in `routablePartTime`), `idealTime` and `slowdown` (null likewise).
    static func timing(completes: Bool, predicted: Double, ideal: Double, slowdown: Double) -> [(String, JSON)] {
        guard !completes else {
            return [
                ("predictedTime", .double(predicted)), ("idealTime", .double(ideal)), ("slowdown", .double(slowdown)),
            ]
        }
        return [
            ("predictedTime", .null), ("routablePartTime", .double(predicted)), ("idealTime", .double(ideal)),
            ("slowdown", .null),
        ]
    }
}
