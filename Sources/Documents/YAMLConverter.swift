import InterlockCore

/// Builds `Node` trees from libyaml's events, with aliases expanded within limits.
///
/// An alias stands for the node its anchor names, so a tree with aliases is a graph whose expansion
/// can grow exponentially with the file (the "billion laughs": nine anchors of nine aliases each make
/// 9⁹ nodes of a 500-byte file). Each anchored value is built once, at its definition, and every
/// alias of it shares that `Node` (copy-on-write arrays), so building costs what the file holds. What
/// the aliases add is still counted, for the readers that walk the tree: the nodes of the anchored
/// value (aliases inside it expanded) for each alias, at most `maxAliasNodes` for the file, and the
/// depth of the tree with aliases expanded, at most `maxDepth`.
///
/// Errors come in the order of the Yams composer this replaces, which built a document's whole
/// node tree before converting it: what the composer found (an undefined alias; duplicate keys, when
/// their mapping ends; libyaml's own errors) is thrown at once, and the first error of the tree's
/// contents (the limits, merge keys, keys that are not scalars) at the end of its document.
struct YAMLConverter {
    /// The deepest nesting accepted, aliases expanded: the readers of the tree recurse once per
    /// level (as `JSONReader.Parser.maxDepth`).
    static let maxDepth = 512

    let file: String
    let maxAliasNodes: Int
    /// Nodes added by aliases so far in this file.
    private var aliasNodes = 0
    /// Anchored values built so far in this file, by anchor name (a later definition replaces an
    /// earlier one, as YAML's aliases refer to the latest).
    private var anchors: [String: Converted] = [:]
    /// The collections being read, outermost first.
    private var stack: [Collection] = []
    /// The first error of the current document's contents, thrown at its end.
    private var pending: InputError?
    /// The root of the current document, once read.
    private var root: Converted?

    /// A built node, with its count of nodes (mapping keys included) and its height.
    struct Converted {
        var node: Node
        var size: Int
        var height: Int
    }

    init(file: String, maxAliasNodes: Int) {
        self.file = file
        self.maxAliasNodes = maxAliasNodes
    }

    /// A scalar, as the value it is (or as a key when a mapping awaits one).
    mutating func scalar(_ scalar: Node.Scalar, tag: String?, anchor: String?) throws(InputError) {
        let converted = Converted(node: .scalar(scalar), size: 1, height: 1)
        if let anchor { anchors[anchor] = converted }
        try add(converted, tag: tag)
    }

    /// An alias of `name`, met at `mark`.
    mutating func alias(_ name: String, at mark: Mark) throws(InputError) {
        guard let done = anchors[name] else {
            throw InputError(file: file, line: mark.line, column: mark.column, "invalid YAML: found undefined alias")
        }
        // Errors about an alias point at its anchor's definition, where the nodes it stands for are.
        let at = done.node.mark
        aliasNodes += done.size
        if aliasNodes > maxAliasNodes {
            postpone(
                at,
                "YAML aliases expand to more than \(maxAliasNodes) nodes (the last an alias of the anchor '&\(name)' defined here); raise \(InputLimits.aliasVariable) for a file that needs it"
            )
        }
        checkDepth(stack.count + done.height - 1, at: at)
        try add(done, tag: nil)
    }

    /// The start of a sequence (`isMapping` false) or mapping.
    mutating func start(isMapping: Bool, mark: Mark, anchor: String?) {
        checkDepth(stack.count, at: mark)
        stack.append(Collection(isMapping: isMapping, mark: mark, anchor: anchor))
    }

    /// The end of the innermost collection.
    mutating func end() throws(InputError) {
        var done = stack.removeLast()
        if !done.duplicates.isEmpty {
            let sorted = done.duplicates.sorted { $0.key < $1.key }
            let first = sorted[0].mark
            throw InputError(
                file: file, line: first.line, column: first.column,
                "duplicate key \(sorted.map { "'\($0.key)'" }.joined(separator: ", ")) in mapping")
        }
        let node: Node
        if done.isMapping {
            for e in done.merged where done.entries.first(e.key) == nil { done.entries.append(e) }
            node = .mapping(Node.Mapping(entries: done.entries.entries, mark: done.mark))
        } else {
            node = .sequence(Node.Sequence(items: done.items, mark: done.mark))
        }
        let converted = Converted(node: node, size: done.size, height: done.height)
        if let anchor = done.anchor { anchors[anchor] = converted }
        try add(converted, tag: nil)
    }

    /// The document's root when it is complete; throws the first error of its contents.
    mutating func endDocument() throws(InputError) -> Node? {
        defer {
            root = nil
            pending = nil
        }
        if let pending { throw pending }
        return root?.node
    }

    /// Records the first error of the document's contents.
    private mutating func postpone(_ at: Mark, _ message: String) {
        if pending == nil { pending = InputError(file: file, line: at.line, column: at.column, message) }
    }

    private mutating func checkDepth(_ depth: Int, at: Mark) {
        guard depth >= Self.maxDepth else { return }
        postpone(at, "YAML nested deeper than \(Self.maxDepth) levels (aliases expanded)")
    }

    /// `converted` into the innermost collection: an item, a key, or the value of the pending key.
    private mutating func add(_ converted: Converted, tag: String?) throws(InputError) {
        guard !stack.isEmpty else {
            root = converted
            return
        }
        let top = stack.count - 1
        guard stack[top].isMapping else {
            stack[top].items.append(converted.node)
            stack[top].grow(by: converted)
            return
        }
        guard let key = stack[top].key else {
            stack[top].key = Key(converted.node, tag: tag)
            return
        }
        stack[top].key = nil
        stack[top].size += 1
        stack[top].grow(by: converted)
        addEntry(key, converted.node, in: top)
    }

    private mutating func addEntry(_ key: Key, _ value: Node, in top: Int) {
        guard let text = key.text else {
            postpone(key.mark, "mapping keys must be scalars")
            return
        }
        stack[top].noteDuplicate(of: key)
        if key.isMergeKey {
            // YAML merge key: the merged mappings' entries apply where no explicit key is given.
            switch value {
            case .mapping(let source): stack[top].merged += source.entries
            case .sequence(let sources):
                for case .mapping(let source) in sources.items { stack[top].merged += source.entries }
            case .scalar: postpone(key.mark, "merge key '<<' needs a mapping or a list of mappings")
            }
            return
        }
        stack[top].entries.append(Node.Mapping.Entry(key: text, keyMark: key.mark, value: value))
    }
}

extension YAMLConverter {
    /// A mapping key as read: its text when it is a scalar, its position, whether it is the plain
    /// `<<` of a merge, and its explicit tag (keys of different tags are different keys).
    struct Key {
        var text: String?
        var mark: Mark
        var isMergeKey: Bool
        var tag: String?

        init(_ node: Node, tag: String?) {
            mark = node.mark
            self.tag = tag
            if case .scalar(let s) = node {
                text = s.text
                isMergeKey = s.isPlain && s.text == "<<"
            } else {
                text = nil
                isMergeKey = false
            }
        }
    }

    /// A sequence or mapping being read.
    struct Collection {
        let isMapping: Bool
        let mark: Mark
        let anchor: String?
        var items: [Node] = []
        var entries = MappingEntries()
        /// Entries of merged mappings, added at the end where no explicit key is given.
        var merged: [Node.Mapping.Entry] = []
        /// The key whose value comes next.
        var key: Key?
        /// Where the first key `<<` (a merge, or quoted) is.
        var firstAngleKey: Mark?
        /// Keys with an explicit tag, by tag and text.
        var taggedKeys: Set<String> = []
        /// Keys met twice, with the position of their first occurrence.
        var duplicates: [(key: String, mark: Mark)] = []
        var size = 1
        var height = 1

        init(isMapping: Bool, mark: Mark, anchor: String?) {
            self.isMapping = isMapping
            self.mark = mark
            self.anchor = anchor
        }

        mutating func grow(by child: Converted) {
            size += child.size
            height = max(height, child.height + 1)
        }

        /// Records `key` in `duplicates` when the mapping already has it.
        mutating func noteDuplicate(of key: Key) {
            guard let text = key.text else { return }
            let first: Mark?
            if let tag = key.tag {
                first = taggedKeys.insert(tag + "\u{0}" + text).inserted ? nil : key.mark
            } else if text == "<<" {
                // The plain `<<` of a merge and a quoted `"<<"` are the same key.
                first = firstAngleKey
                firstAngleKey = firstAngleKey ?? key.mark
            } else {
                first = entries.first(text)?.keyMark
            }
            guard let first, !duplicates.contains(where: { $0.key == text }) else { return }
            duplicates.append((text, first))
        }
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
