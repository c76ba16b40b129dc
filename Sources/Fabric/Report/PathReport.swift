import InterlockCore

/// `topology paths`: the equal-cost paths between two endpoints, their number, and the path one
/// flow takes.
public struct PathReport: Sendable {
    /// The plane the paths are on.
    public var plane: Plane
    /// The plane's transport and routing settings.
    public var settings: PlaneSettings
    /// The routing used for the flow (the plane's, or the one forced).
    public var routing: RoutingMode
    /// The source as the user named it.
    public var from: String
    /// The destination as the user named it.
    public var to: String
    /// The source endpoint.
    public var source: DeviceID
    /// The destination endpoint.
    public var destination: DeviceID
    /// How many equal-cost paths there are.
    public var count: PathCount
    /// Up to `limit` switch-level paths, as device sequences.
    public var paths: [[DeviceID]]
    /// The flow whose path is shown, when one was given.
    public var flow: FiveTuple?
    /// The flow's RoCE destination queue pair, when given.
    public var destinationQP: UInt32?
    /// The links the flow takes (empty without a flow).
    public var flowLinks: [LinkID] = []

    /// Counts, enumerates up to `limit` paths, and routes `flow` when given.
    public init(
        fabric f: FabricGraph, router r: Router, from: String, to: String, source: DeviceID, destination: DeviceID,
        limit: Int, flow: FiveTuple?, destinationQP: UInt32?
    ) {
        plane = r.plane
        settings = f.settings(of: r.plane)
        routing = r.mode
        self.from = from
        self.to = to
        self.source = source
        self.destination = destination
        count = r.count(from: source, to: destination)
        paths = r.paths(from: source, to: destination, limit: limit)
        self.flow = flow
        self.destinationQP = destinationQP
        if let flow {
            r.route(
                from: source, to: destination, flow: ECMPKey(flow, destinationQP: destinationQP ?? 0), into: &flowLinks)
        }
    }

    /// The report as JSON, device names resolved in `f`.
    public func json(_ f: FabricGraph, router r: Router) -> JSON {
        func names(_ p: [DeviceID]) -> JSON { .array(p.map { .string(f.devices[Int($0)].name) }) }
        var fields: [(String, JSON)] = [
            ("plane", .string(plane.name)), ("transport", .string(settings.transport.rawValue)),
            ("routing", .string(routing.rawValue)), ("from", .string(from)), ("to", .string(to)),
            ("source", .string(f.devices[Int(source)].name)),
            ("destination", .string(f.devices[Int(destination)].name)),
            ("count", .int(Int(clamping: count.paths))), ("linkCount", .int(Int(clamping: count.linkPaths))),
            ("hops", .int(count.hops)), ("saturated", .bool(count.saturated)),
            ("paths", .array(paths.map(names))), ("truncated", .bool(UInt64(paths.count) < count.paths)),
        ]
        if let flow {
            var flowFields: [(String, JSON)] = [("tuple", .string(flow.description))]
            if let destinationQP { flowFields.append(("destinationQP", .int(Int(destinationQP)))) }
            flowFields.append(("routing", .string(routing.rawValue)))
            flowFields.append(("path", names(flowLinks.isEmpty ? [] : r.devices(along: flowLinks, from: source))))
            flowFields.append(("links", .array(flowLinks.map { .int(Int($0)) })))
            fields.append(("flow", .object(flowFields)))
        }
        return .object(fields)
    }

    /// The report as text: plane, counts, the paths, and the flow's path when given.
    public func text(_ f: FabricGraph, router r: Router) -> String {
        let src = f.devices[Int(source)].name
        let dst = f.devices[Int(destination)].name
        var out = "\(plane) plane (\(settings.transport.rawValue), \(routing.rawValue)): \(src) → \(dst)\n"
        let (hs, hd) = (f.devices[Int(source)].host, f.devices[Int(destination)].host)
        if plane == .compute, hs != nil, hs == hd {
            out +=
                "note: both NICs are in \(f.devices[Int(hs!)].name); GPUs of one node talk over NVLink, not this fabric\n"
        }
        guard count.paths > 0 else {
            return out + "no path: \(dst) cannot be reached from \(src) on the \(plane) plane\n"
        }
        let switches = max(0, count.hops - 1)
        out +=
            "equal-cost paths: \(count.paths)\(count.saturated ? "+" : "") (\(count.linkPaths) counting parallel cables), "
        out += "\(count.hops) links, \(switches) switch\(switches == 1 ? "" : "es") each\n"
        var table = TextTable(
            headers: ["#"] + ["source"] + (0..<switches).map { "hop \($0 + 1)" } + ["destination"],
            alignments: [.right] + Array(repeating: .left, count: switches + 2))
        for (i, p) in paths.enumerated() { table.append([String(i + 1)] + p.map { f.devices[Int($0)].name }) }
        out += table.render(indent: "  ")
        if UInt64(paths.count) < count.paths {
            out += "  … \(count.paths - UInt64(paths.count)) more (raise --limit)\n"
        }
        if let flow {
            out += "flow \(flow)\(destinationQP.map { " QP \($0)" } ?? "") takes (\(routing.rawValue)):\n  "
            var current = source
            out += f.devices[Int(current)].name
            for l in flowLinks {
                current = f.links[Int(l)].other(current)
                out += " -[\(l)]- " + f.devices[Int(current)].name
            }
            out += "\n"
        }
        return out
    }
}
