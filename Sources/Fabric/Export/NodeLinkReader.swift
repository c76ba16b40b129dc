import Documents
import InterlockCore

/// Reads NetworkX node-link JSON (edges under `edges`, as NetworkX 3.4+ writes, or `links`, as older
/// versions did) into a `TopologySource`. Nodes carry the attributes `topology export` writes; other
/// attributes are ignored. Edges are taken in the order of their `id` attribute when every edge has
/// one, so that link ids survive a round trip.
public enum NodeLinkReader {
    static func looksLikeNodeLink(_ root: Cursor) -> Bool {
        root.isMapping && root["nodes"] != nil && (root["edges"] != nil || root["links"] != nil)
            && (root["directed"] != nil || root["multigraph"] != nil || root["graph"] != nil)
    }

    /// Reads the node-link document at `root`.
    ///
    /// - Throws: `InputError` at a malformed node or edge.
    public static func read(_ root: Cursor, defaultName: String) throws(InputError) -> TopologySource {
        let graph = root.optional("graph")
        var source = TopologySource(file: root.file, name: try graph?.optional("name")?.string() ?? defaultName)
        if let planes = graph?.optional("planes") {
            for (key, value) in try planes.entries() {
                guard let plane = Plane(name: key) else {
                    throw value.error("unknown plane '\(InputError.excerpt(key))'")
                }
                source.planes.append(Located((plane, try TopologyReader.settings(value)), at: value.mark))
            }
        }
        if let addressing = graph?.optional("addressing") {
            for (key, value) in try addressing.entries() {
                guard let kind = FabricInterfaceKind(rawValue: key) else {
                    throw value.error("unknown addressing key '\(InputError.excerpt(key))'")
                }
                let text = try value.string()
                guard let cidr = IPv4CIDR(text, strict: true), cidr.prefixLength <= 30 else {
                    throw value.error("invalid IPv4 prefix '\(InputError.excerpt(text))' for \(key)")
                }
                source.addressing.append(Located((kind, cidr), at: value.mark))
            }
        }
        for item in try root.required("nodes").array() {
            let id = try item.required("id")
            source.nodes.append(try TopologyReader.attributes(item, name: Located(try id.string(), at: id.mark)))
        }
        let edgeList: Cursor
        if let e = root.optional("edges") { edgeList = e } else { edgeList = try root.required("links") }
        let edges = try edgeList.array()
        var entries: [(id: Int?, entry: LinkEntry)] = []
        entries.reserveCapacity(edges.count)
        for item in edges {
            let from = try item.required("source")
            let to = try item.required("target")
            let gbpsCursor = try item.required("gbps")
            let gbps = try gbpsCursor.double()
            guard gbps > 0, gbps.isFinite else { throw gbpsCursor.error("gbps must be a positive number") }
            var e = LinkEntry(
                from: Located(try from.string(), at: from.mark), to: Located(try to.string(), at: to.mark),
                gbps: gbps, mark: item.mark)
            if let p = item.optional("plane") { e.plane = Located(try TopologyReader.plane(p), at: p.mark) }
            entries.append((try item.optional("id")?.int(), e))
        }
        if entries.allSatisfy({ $0.id != nil }) {
            entries.sort { $0.id! < $1.id! }
        }
        source.links = entries.map(\.entry)
        return source
    }
}
