import InterlockCore
import Yams

/// Turns Yams nodes into `Node`s, with aliases expanded within limits.
///
/// Yams resolves an alias to the anchored node itself, so a tree with aliases is a graph whose
/// expansion can grow exponentially with the file (the "billion laughs": nine anchors of nine
/// aliases each make 9⁹ nodes of a 500-byte file). Each anchored value is converted once, when
/// first met (its definition: anchors come before their aliases in document order), and every alias
/// of it shares that `Node` (copy-on-write arrays), so converting costs what the file holds. What the
/// aliases add is still counted, for the readers that walk the tree: the nodes of the anchored value
/// (aliases inside it expanded) for each alias, at most `maxAliasNodes` for the file, and the depth
/// of the tree with aliases expanded, at most `maxDepth`.
struct YAMLConverter {
    /// The deepest nesting accepted, aliases expanded: the readers of the tree recurse once per
    /// level (as `JSONReader.Parser.maxDepth`).
    static let maxDepth = 512

    let file: String
    let maxAliasNodes: Int
    /// Nodes added by aliases so far in this file.
    private var aliasNodes = 0
    /// Anchored values already converted, by the identity of their Yams `Anchor` (one object per
    /// anchor definition, kept alive by the Yams parser).
    private var anchored: [ObjectIdentifier: Converted] = [:]

    /// A converted node, with its count of nodes (mapping keys included) and its height.
    struct Converted {
        var node: Node
        var size: Int
        var height: Int
    }

    init(file: String, maxAliasNodes: Int) {
        self.file = file
        self.maxAliasNodes = maxAliasNodes
    }

    private func mark(_ m: Yams.Mark?) -> Mark {
        Mark(line: m?.line ?? 1, column: m?.column ?? 1)
    }

    /// `node`, at nesting level `depth` (0 for a document's root).
    mutating func convert(_ node: Yams.Node, depth: Int = 0) throws -> Converted {
        guard let anchor = node.anchor else { return try convertValue(node, depth: depth) }
        let at = mark(node.mark)
        if let done = anchored[ObjectIdentifier(anchor)] {
            aliasNodes += done.size
            if aliasNodes > maxAliasNodes {
                throw InputError(
                    file: file, line: at.line, column: at.column,
                    "YAML aliases expand to more than \(maxAliasNodes) nodes (the last an alias of the anchor '&\(anchor.rawValue)' defined here); raise \(InputLimits.aliasVariable) for a file that needs it"
                )
            }
            try checkDepth(depth + done.height - 1, at: at)
            return done
        }
        let done = try convertValue(node, depth: depth)
        anchored[ObjectIdentifier(anchor)] = done
        return done
    }

    private func checkDepth(_ depth: Int, at: Mark) throws {
        guard depth >= Self.maxDepth else { return }
        throw InputError(
            file: file, line: at.line, column: at.column,
            "YAML nested deeper than \(Self.maxDepth) levels (aliases expanded)")
    }

    private mutating func convertValue(_ node: Yams.Node, depth: Int) throws -> Converted {
        switch node {
        case .scalar(let s):
            let scalar = Node.Scalar(text: s.string, isPlain: s.style == .plain, mark: mark(s.mark))
            return Converted(node: .scalar(scalar), size: 1, height: 1)
        case .sequence(let s):
            try checkDepth(depth, at: mark(s.mark))
            var items: [Node] = []
            items.reserveCapacity(s.count)
            var size = 1
            var height = 1
            for item in s {
                let c = try convert(item, depth: depth + 1)
                items.append(c.node)
                size += c.size
                height = max(height, c.height + 1)
            }
            return Converted(
                node: .sequence(Node.Sequence(items: items, mark: mark(s.mark))), size: size, height: height)
        case .mapping(let m):
            try checkDepth(depth, at: mark(m.mark))
            return try convertMapping(m, depth: depth)
        case .alias(let a):
            let am = mark(a.mark)
            throw InputError(file: file, line: am.line, column: am.column, "unresolved YAML alias")
        }
    }

    private mutating func convertMapping(_ m: Yams.Node.Mapping, depth: Int) throws -> Converted {
        var entries = MappingEntries()
        var merged: [Node.Mapping.Entry] = []
        entries.entries.reserveCapacity(m.count)
        var size = 1
        var height = 1
        for (k, v) in m {
            let km = mark(k.mark)
            let value = try convert(v, depth: depth + 1)
            size += 1 + value.size
            height = max(height, value.height + 1)
            if k.string == "<<", k.scalar?.style == .plain {
                // YAML merge key: the merged mappings' entries apply where no explicit key is given.
                let sources: [Node]
                switch value.node {
                case .mapping: sources = [value.node]
                case .sequence(let seq): sources = seq.items
                default:
                    throw InputError(
                        file: file, line: km.line, column: km.column,
                        "merge key '<<' needs a mapping or a list of mappings")
                }
                for case .mapping(let source) in sources { merged += source.entries }
                continue
            }
            guard let key = k.scalar?.string else {
                throw InputError(file: file, line: km.line, column: km.column, "mapping keys must be scalars")
            }
            if let previous = entries.first(key) {
                throw InputError(
                    file: file, line: km.line, column: km.column,
                    "duplicate key '\(key)' (first at line \(previous.keyMark.line))")
            }
            entries.append(Node.Mapping.Entry(key: key, keyMark: km, value: value.node))
        }
        for e in merged where entries.first(e.key) == nil { entries.append(e) }
        return Converted(
            node: .mapping(Node.Mapping(entries: entries.entries, mark: mark(m.mark))), size: size, height: height)
    }
}

/// A mapping's entries as they are read, with the first entry of each key found by a scan while
/// they are few and through a dictionary from `indexedFrom` entries on: a flat mapping of many keys
/// (a hostile file, or a large ConfigMap) would otherwise cost time quadratic in its keys.
struct MappingEntries {
    static let indexedFrom = 16
    var entries: [Node.Mapping.Entry] = []
    /// Key to the index of its first entry, once there are `indexedFrom` entries.
    private var index: [String: Int]? = nil

    /// The first entry with `key`, if any.
    func first(_ key: String) -> Node.Mapping.Entry? {
        if let index { return index[key].map { entries[$0] } }
        return entries.first { $0.key == key }
    }

    mutating func append(_ entry: Node.Mapping.Entry) {
        entries.append(entry)
        if index != nil {
            if index![entry.key] == nil { index![entry.key] = entries.count - 1 }
        } else if entries.count == Self.indexedFrom {
            var built: [String: Int] = [:]
            for (i, e) in entries.enumerated() where built[e.key] == nil { built[e.key] = i }
            index = built
        }
    }
}
