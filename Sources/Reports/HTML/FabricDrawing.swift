import Fabric
import Foundation
import InterlockCore

/// One plane of the fabric as SVG: tiers as rows (core at the top, endpoints at the bottom),
/// switches ordered by scalable unit and rail, scalable units as bands, links aggregated per pair of
/// drawn nodes and coloured by rail, or by load when traffic was simulated; links on violating
/// paths in red. More than 64 hosts are drawn as one node per scalable unit (or fat-tree pod).
struct FabricDrawing {
    let fabric: FabricGraph
    let plane: Plane
    /// Utilization by link (0 and up), when traffic was simulated.
    let loads: [LinkID: Double]
    let highlighted: Set<LinkID>

    static let railColours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22"]

    private struct Node {
        var key: Int
        var label: String
        var title: String
        var level: Int
        var su: Int?
        var rail: Int?
        var isSwitch: Bool
        var x = 0.0
        var y = 0.0
    }

    private struct Edge {
        var a: Int
        var b: Int
        var cables = 0
        var rails = Set<Int>()
        var load = 0.0
        var hasLoad = false
        var highlighted = false
    }

    /// Whether the plane has anything to draw.
    var isEmpty: Bool { !fabric.links.contains { $0.plane == plane } }

    func svg() -> String {
        let drawn = graph()
        var nodes = drawn.nodes
        let (width, height) = layout(&nodes, grouped: drawn.grouped)
        var out =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"fabric\" data-plane=\"\(plane.name)\" viewBox=\"0 0 \(svgNumber(width)) \(svgNumber(height))\" role=\"img\" aria-label=\"\(plane.name) plane\">"
        out += bands(nodes: Array(nodes.values), width: width, height: height)
        out += linkElements(drawn.edges, nodes)
        out += nodeElements(nodes, grouped: drawn.grouped)
        out += "</svg>"
        return out
    }

    /// The drawn nodes by key and the links aggregated per pair of them; `grouped` when hosts are
    /// drawn one node per scalable unit.
    private func graph() -> (nodes: [Int: Node], edges: [[Int]: Edge], grouped: Bool) {
        var nodes: [Int: Node] = [:]
        let hostIDs = Set(
            fabric.links.filter { $0.plane == plane }.flatMap { [$0.lower, $0.upper] }
                .filter { fabric.devices[Int($0)].kind != .switch }.map { fabric.devices[Int($0)].host ?? $0 })
        let grouped = hostIDs.count > 64
        // Rows of more than 48 switches are drawn as one node per scalable unit (leaves), per
        // spine group (pod), or per 16 switches.
        var perLevel: [Int: [DeviceID]] = [:]
        for (i, device) in fabric.devices.enumerated() where device.kind == .switch && device.plane == plane {
            perLevel[device.level, default: []].append(DeviceID(i))
        }
        let crowded = Set(perLevel.filter { $0.value.count > 48 }.keys)
        func switchGroup(_ d: DeviceID) -> (key: Int, label: String)? {
            let device = fabric.devices[Int(d)]
            guard crowded.contains(device.level) else { return nil }
            let role = device.role.map { "\($0)" } ?? "switch"
            if let su = device.scalableUnit { return (-1_000_000 - device.level * 10_000 - su, "SU \(su) \(role)s") }
            if let pod = device.pod {
                return (-1_000_000 - device.level * 10_000 - 5_000 - pod, "\(role) group \(pod)")
            }
            let index = perLevel[device.level]!.firstIndex(of: d)! / 16
            return (
                -1_000_000 - device.level * 10_000 - 9_000 - index,
                "\(role)s \(index * 16 + 1)-\(min(perLevel[device.level]!.count, index * 16 + 16))"
            )
        }
        func key(_ d: DeviceID) -> Int {
            let device = fabric.devices[Int(d)]
            if device.kind == .switch { return switchGroup(d)?.key ?? Int(d) }
            let host = device.host ?? d
            guard grouped else { return Int(host) }
            let h = fabric.devices[Int(host)]
            return -1 - (h.scalableUnit ?? h.pod.map { $0 + 1 } ?? 0)
        }
        func node(_ d: DeviceID) -> Node {
            let device = fabric.devices[Int(d)]
            if let group = switchGroup(d) {
                let members = perLevel[device.level]!.filter { switchGroup($0)?.key == group.key }.count
                return Node(
                    key: group.key, label: "\(group.label.split(separator: " ").prefix(2).joined(separator: " "))",
                    title: "\(group.label) (\(members))",
                    level: device.level, su: device.scalableUnit, rail: nil, isSwitch: true)
            }
            if device.kind == .switch {
                let details = [
                    device.role.map { "\($0)" }, device.scalableUnit.map { "SU \($0)" },
                    device.rail.map { "rail \($0)" },
                ].compactMap { $0 }
                return Node(
                    key: Int(d), label: Self.shortLabel(device.name),
                    title: "\(device.name) (\(details.joined(separator: ", ")))",
                    level: device.level, su: device.scalableUnit, rail: device.rail, isSwitch: true)
            }
            let host = fabric.devices[Int(device.host ?? d)]
            if grouped {
                let group = host.scalableUnit.map { "SU \($0)" } ?? host.pod.map { "pod \($0)" } ?? "hosts"
                return Node(
                    key: key(d), label: group, title: "\(group): hosts", level: 0, su: host.scalableUnit, rail: nil,
                    isSwitch: false)
            }
            return Node(
                key: key(d), label: Self.hostLabel(host.name), title: host.name, level: 0, su: host.scalableUnit,
                rail: nil, isSwitch: false)
        }
        var edges: [[Int]: Edge] = [:]
        for (i, link) in fabric.links.enumerated() where link.plane == plane {
            let a = key(link.lower)
            let b = key(link.upper)
            if nodes[a] == nil { nodes[a] = node(link.lower) }
            if nodes[b] == nil { nodes[b] = node(link.upper) }
            let k = [min(a, b), max(a, b)]
            var e = edges[k] ?? Edge(a: k[0], b: k[1])
            e.cables += 1
            if let r = fabric.rail(ofLink: LinkID(i)) { e.rails.insert(r) }
            if let load = loads[LinkID(i)] {
                e.load = max(e.load, load)
                e.hasLoad = true
            }
            if highlighted.contains(LinkID(i)) { e.highlighted = true }
            edges[k] = e
        }
        return (nodes, edges, grouped)
    }

    /// Places the nodes in rows, highest tier at the top; returns the drawing's width and height.
    private func layout(_ nodes: inout [Int: Node], grouped: Bool) -> (width: Double, height: Double) {
        // Rows: highest tier at the top.
        let levels = Set(nodes.values.map(\.level)).sorted(by: >)
        var rows: [Int: [Int]] = [:]
        for n in nodes.values { rows[n.level, default: []].append(n.key) }
        for (level, keys) in rows {
            rows[level] = keys.sorted { a, b in
                let x = nodes[a]!
                let y = nodes[b]!
                return (x.su ?? 0, x.rail ?? -1, x.title, x.key) < (y.su ?? 0, y.rail ?? -1, y.title, y.key)
            }
        }
        // Each row is laid out left to right by the nodes' widths, its spare room shared evenly.
        let gap = 6.0
        let rowWidth = rows.mapValues { keys in
            keys.reduce(0.0) { $0 + Self.size(nodes[$1]!, grouped).width } + gap * Double(keys.count - 1)
        }
        let width = min(2400, max(960, (rowWidth.values.max() ?? 0) + 80))
        let rowGap = 96.0
        let top = 44.0
        for (r, level) in levels.enumerated() {
            let keys = rows[level]!
            let spare = max(0, (width - 80) - rowWidth[level]!) / Double(keys.count)
            var x = 40 + spare / 2
            for k in keys {
                let w = Self.size(nodes[k]!, grouped).width
                nodes[k]!.x = x + w / 2
                nodes[k]!.y = top + rowGap * Double(r)
                x += w + gap + spare
            }
        }
        let height = top + rowGap * Double(max(0, levels.count - 1)) + 56
        return (width, height)
    }

    /// The links, violating ones last (on top).
    private func linkElements(_ edges: [[Int]: Edge], _ nodes: [Int: Node]) -> String {
        var out = ""
        let ordered = edges.values.sorted {
            ($0.highlighted ? 1 : 0, $0.a, $0.b) < ($1.highlighted ? 1 : 0, $1.a, $1.b)
        }
        for e in ordered {
            let p = nodes[e.a]!
            let q = nodes[e.b]!
            let colour: String
            if e.highlighted {
                colour = "#d62728"
            } else if e.hasLoad {
                colour = Self.loadColour(e.load)
            } else if e.rails.count == 1, let r = e.rails.first {
                colour = Self.railColours[r % Self.railColours.count]
            } else {
                colour = "#8a94a6"
            }
            let w = e.highlighted ? 3.2 : min(4, 0.8 + log2(Double(e.cables)) * 0.6)
            var tip = "\(p.title) — \(q.title): \(e.cables) cable\(e.cables == 1 ? "" : "s")"
            if e.hasLoad { tip += ", peak utilization \(Units.formatPercent(e.load))" }
            if e.highlighted { tip += ", on a violating path" }
            out +=
                "<line class=\"link\(e.highlighted ? " violation" : "")\" x1=\"\(svgNumber(p.x))\" y1=\"\(svgNumber(p.y))\" x2=\"\(svgNumber(q.x))\" y2=\"\(svgNumber(q.y))\" stroke=\"\(colour)\" stroke-width=\"\(svgNumber(w))\" stroke-opacity=\"\(e.highlighted ? "1" : "0.55")\"><title>\(tip.html)</title></line>"
        }
        return out
    }

    /// The nodes, by key.
    private func nodeElements(_ nodes: [Int: Node], grouped: Bool) -> String {
        var out = ""
        for n in nodes.values.sorted(by: { $0.key < $1.key }) {
            let (w, h) = Self.size(n, grouped)
            let fill = n.isSwitch ? (n.level >= 3 ? "#293241" : n.level == 2 ? "#3d5a80" : "#5b7fa6") : "#e9edf3"
            let stroke = n.isSwitch ? "none" : "#7b8698"
            out += "<g class=\"node\(n.isSwitch ? " switch" : " host")\"><title>\(n.title.html)</title>"
            out +=
                "<rect x=\"\(svgNumber(n.x - w / 2))\" y=\"\(svgNumber(n.y - h / 2))\" width=\"\(svgNumber(w))\" height=\"\(svgNumber(h))\" rx=\"3\" fill=\"\(fill)\" stroke=\"\(stroke)\"/>"
            out +=
                "<text x=\"\(svgNumber(n.x))\" y=\"\(svgNumber(n.y + 3.2))\" text-anchor=\"middle\" font-size=\"\(n.isSwitch ? 9 : 8)\" fill=\"\(n.isSwitch ? "#fff" : "#1b2430")\">\(n.label.html)</text></g>"
        }
        return out
    }

    /// A node's box: switches 46×18 and hosts 20×14, wider for longer labels.
    private static func size(_ n: Node, _ grouped: Bool) -> (width: Double, height: Double) {
        n.isSwitch ? (max(46, Double(n.label.count) * 5.6 + 10), 18) : (max(20, Double(n.label.count) * 5.2 + 8), 14)
    }

    /// Background bands, one per scalable unit, behind its leaves and hosts.
    private func bands(nodes: [Node], width: Double, height: Double) -> String {
        let units = Set(nodes.compactMap(\.su)).sorted()
        guard units.count >= 1 else { return "" }
        var out = ""
        for (i, su) in units.enumerated() {
            let members = nodes.filter { $0.su == su && $0.level <= 1 }
            guard let lo = members.map(\.x).min(), let hi = members.map(\.x).max(), let y = members.map(\.y).min()
            else { continue }
            let fill = i % 2 == 0 ? "#f3f6fa" : "#eaf0f7"
            out +=
                "<rect class=\"su\" x=\"\(svgNumber(lo - 26))\" y=\"\(svgNumber(y - 22))\" width=\"\(svgNumber(hi - lo + 52))\" height=\"\(svgNumber(height - y + 14))\" rx=\"6\" fill=\"\(fill)\"/>"
            out +=
                "<text x=\"\(svgNumber(lo - 22))\" y=\"\(svgNumber(y - 12))\" font-size=\"10\" fill=\"#5a6577\">SU \(su)</text>"
        }
        return out
    }

    /// Green at 0 through yellow to red at full load.
    static func loadColour(_ u: Double) -> String {
        let hue = Int((120 * (1 - min(max(u, 0), 1))).rounded())
        return "hsl(\(hue),75%,42%)"
    }

    /// `leaf-su1-r3` → `L1·r3`, `spine01` → `S01`, `frontend-leaf01` → `leaf01`.
    static func shortLabel(_ name: String) -> String {
        let parts = name.split(separator: "-")
        if parts.count == 3, parts[0] == "leaf", parts[1].hasPrefix("su") {
            return "L\(parts[1].dropFirst(2))·\(parts[2])"
        }
        if name.hasPrefix("spine") { return "S" + name.dropFirst(5) }
        if name.hasPrefix("core") { return "C" + name.dropFirst(4).drop { $0 == "-" } }
        let last = parts.count > 1 ? parts.dropFirst().joined(separator: "-") : name
        return last.count <= 8 ? last : String(last.suffix(8))
    }

    /// Compute nodes by number (`dgx0017` → `17`, `host0003` → `3`); other hosts by name.
    static func hostLabel(_ name: String) -> String {
        let digits = String(name.reversed().prefix { $0.isNumber }.reversed())
        let prefix = name.dropLast(digits.count)
        if !digits.isEmpty, prefix == "dgx" || prefix == "host", let n = Int(digits) { return String(n) }
        return name
    }
}
