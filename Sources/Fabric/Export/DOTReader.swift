import Documents
import InterlockCore

/// Reads Graphviz DOT (the subset `DOTWriter` writes, and hand-written files like it) into a
/// `TopologySource`: `graph`/`digraph` with graph, node and edge attribute statements, node
/// statements and edge chains (`a -- b -- c [attrs]`). Comments (`//`, `/* */`, `#` lines) and
/// quoted IDs with `+` concatenation are understood; subgraphs, ports and HTML labels are rejected
/// with their position.
///
/// The statements are turned into the same tree a node-link JSON file gives (attributes keep their
/// positions) and read by `NodeLinkReader`: node attributes `kind`, `role`, `plane`, `rail`, `su`,
/// `pod`, `host`, `nic`, `address_<plane>`; edge attributes `gbps`, `plane`, `id`; graph attributes
/// `<plane>_transport`, `<plane>_routing`, `<plane>_hashDestinationQP`, `addressing_<kind>`.
public enum DOTReader {
    /// Whether the bytes start (after blanks and comments) with `graph`, `digraph` or `strict`.
    static func looksLikeDOT(_ bytes: [UInt8]) -> Bool {
        var lexer = Lexer(bytes: bytes, file: "")
        guard case .id(let word, _)? = try? lexer.next() else { return false }
        return ["graph", "digraph", "strict"].contains(word.lowercased())
    }

    /// Parses DOT text.
    ///
    /// - Throws: `InputError` at the position of the first token it cannot accept.
    public static func read(_ bytes: [UInt8], file: String, defaultName: String) throws(InputError) -> TopologySource {
        var p = Parser(lexer: Lexer(bytes: bytes, file: file))
        let root = try p.parseGraph(defaultName: defaultName)
        return try NodeLinkReader.read(Cursor(node: root, file: file), defaultName: defaultName)
    }

    /// A DOT token: an ID (bare, numeral or quoted) or a punctuation mark.
    enum Token: Equatable {
        case id(String, quoted: Bool)
        case punct(String)
    }

    struct Lexer {
        let bytes: [UInt8]
        let file: String
        var i = 0
        var line = 1
        var column = 1
        /// Position of the token last returned.
        var mark = Mark(line: 1, column: 1)

        init(bytes: [UInt8], file: String) {
            self.bytes = bytes
            self.file = file
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
        }

        func error(_ message: String, at m: Mark? = nil) -> InputError {
            InputError(file: file, line: (m ?? mark).line, column: (m ?? mark).column, message)
        }

        mutating func advance() {
            if bytes[i] == 10 {
                line += 1
                column = 1
            } else if bytes[i] & 0xC0 != 0x80 {
                column += 1
            }
            i += 1
        }

        func peekByte(_ offset: Int = 0) -> UInt8? { i + offset < bytes.count ? bytes[i + offset] : nil }

        mutating func skipBlanksAndComments() throws(InputError) {
            var atLineStart = column == 1
            while let b = peekByte() {
                if b == 32 || b == 9 || b == 13 || b == 10 {
                    advance()
                    if b == 10 { atLineStart = true }
                    continue
                }
                if b == UInt8(ascii: "#") && atLineStart {
                    while let c = peekByte(), c != 10 { advance() }
                    continue
                }
                if b == UInt8(ascii: "/") && peekByte(1) == UInt8(ascii: "/") {
                    while let c = peekByte(), c != 10 { advance() }
                    continue
                }
                if b == UInt8(ascii: "/") && peekByte(1) == UInt8(ascii: "*") {
                    let start = Mark(line: line, column: column)
                    advance()
                    advance()
                    while true {
                        guard let c = peekByte() else { throw error("unterminated comment", at: start) }
                        if c == UInt8(ascii: "*") && peekByte(1) == UInt8(ascii: "/") {
                            advance()
                            advance()
                            break
                        }
                        advance()
                    }
                    continue
                }
                atLineStart = false
                return
            }
        }

        /// The next token, or `nil` at the end.
        mutating func next() throws(InputError) -> Token? {
            try skipBlanksAndComments()
            guard let b = peekByte() else { return nil }
            mark = Mark(line: line, column: column)
            switch b {
            case UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "="),
                UInt8(ascii: ";"), UInt8(ascii: ","), UInt8(ascii: ":"), UInt8(ascii: "+"):
                advance()
                return .punct(String(UnicodeScalar(b)))
            case UInt8(ascii: "-") where peekByte(1) == UInt8(ascii: "-") || peekByte(1) == UInt8(ascii: ">"):
                let op = peekByte(1) == UInt8(ascii: "-") ? "--" : "->"
                advance()
                advance()
                return .punct(op)
            case UInt8(ascii: "\""):
                advance()
                var text: [UInt8] = []
                while true {
                    guard let c = peekByte() else { throw error("unterminated quoted string") }
                    advance()
                    if c == UInt8(ascii: "\"") { break }
                    if c == UInt8(ascii: "\\"), let n = peekByte() {
                        advance()
                        if n == 10 { continue }  // line continuation
                        if n != UInt8(ascii: "\"") && n != UInt8(ascii: "\\") { text.append(c) }
                        text.append(n)
                        continue
                    }
                    text.append(c)
                }
                return .id(String(decoding: text, as: UTF8.self), quoted: true)
            case UInt8(ascii: "<"):
                throw error("HTML strings are not supported in topology DOT files")
            default:
                let start = i
                func isIDByte(_ c: UInt8) -> Bool {
                    (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c == 95 || c == 46
                        || c >= 0x80
                        || c == UInt8(ascii: "-")
                }
                while let c = peekByte(), isIDByte(c) {
                    if c == UInt8(ascii: "-"), i > start,
                        peekByte(1) == UInt8(ascii: "-") || peekByte(1) == UInt8(ascii: ">")
                    {
                        break
                    }
                    advance()
                }
                guard i > start else { throw error("unexpected character '\(String(UnicodeScalar(b)))'") }
                return .id(String(decoding: bytes[start..<i], as: UTF8.self), quoted: false)
            }
        }
    }

    struct Parser {
        var lexer: Lexer
        var lookahead: (Token, Mark)?

        mutating func peek() throws(InputError) -> Token? {
            if lookahead == nil, let t = try lexer.next() { lookahead = (t, lexer.mark) }
            return lookahead?.0
        }

        mutating func take() throws(InputError) -> (Token, Mark)? {
            _ = try peek()
            defer { lookahead = nil }
            return lookahead
        }

        var mark: Mark { lookahead?.1 ?? lexer.mark }

        mutating func expect(_ p: String) throws(InputError) {
            guard let (t, m) = try take(), t == .punct(p) else { throw lexer.error("expected '\(p)'", at: mark) }
            _ = m
        }

        /// An ID, with `+` concatenation of quoted strings.
        mutating func id() throws(InputError) -> (String, Bool, Mark) {
            guard let (t, m) = try take(), case .id(var text, let quoted) = t else {
                throw lexer.error("expected a name or value", at: mark)
            }
            while quoted, try peek() == .punct("+") {
                _ = try take()
                guard let (t2, _) = try take(), case .id(let more, true) = t2 else {
                    throw lexer.error("expected a quoted string after '+'", at: mark)
                }
                text += more
            }
            return (text, !quoted, m)
        }

        mutating func attributes() throws(InputError) -> [(String, Documents.Node.Scalar, Mark)] {
            var out: [(String, Documents.Node.Scalar, Mark)] = []
            while try peek() == .punct("[") {
                _ = try take()
                while try peek() != .punct("]") {
                    let (key, _, keyMark) = try id()
                    try expect("=")
                    let (value, plain, valueMark) = try id()
                    out.append((key, Documents.Node.Scalar(text: value, isPlain: plain, mark: valueMark), keyMark))
                    let separator = try peek()
                    if separator == .punct(",") || separator == .punct(";") { _ = try take() }
                    if try peek() == nil { throw lexer.error("unterminated attribute list") }
                }
                _ = try take()
            }
            return out
        }

        mutating func parseGraph(defaultName: String) throws(InputError) -> Documents.Node {
            let (name, nameMark, start) = try graphHeader(defaultName: defaultName)
            let body = try graphBody()
            if let extra = try take() {
                _ = extra
                throw lexer.error("unexpected text after the graph's closing '}'", at: lexer.mark)
            }
            let nodeList: [Documents.Node] = body.nodeOrder.map { name in
                let (m, attrs) = body.nodes[name]!
                return nodeObject(name, m, attrs)
            }
            let graph = graphObject(name: name, nameMark: nameMark, attributes: body.graphAttrs, start: start)
            return .mapping(
                Documents.Node.Mapping(
                    entries: [
                        Documents.Node.Mapping.Entry(
                            key: "graph", keyMark: start,
                            value: .mapping(Documents.Node.Mapping(entries: graph, mark: start))),
                        Documents.Node.Mapping.Entry(
                            key: "nodes", keyMark: start,
                            value: .sequence(Documents.Node.Sequence(items: nodeList, mark: start))),
                        Documents.Node.Mapping.Entry(
                            key: "edges", keyMark: start,
                            value: .sequence(Documents.Node.Sequence(items: body.edges, mark: start))),
                    ], mark: start))
        }

        /// What precedes the graph's statements: `[strict] graph|digraph [name] {`. Returns the
        /// name (`defaultName` if none), where it was, and where the graph starts.
        mutating func graphHeader(defaultName: String) throws(InputError) -> (String, Mark, Mark) {
            guard case .id(var word, _)? = try take()?.0 else { throw lexer.error("expected 'graph' or 'digraph'") }
            if word.lowercased() == "strict" {
                guard case .id(let w, _)? = try take()?.0 else { throw lexer.error("expected 'graph' or 'digraph'") }
                word = w
            }
            guard ["graph", "digraph"].contains(word.lowercased()) else {
                throw lexer.error("expected 'graph' or 'digraph'", at: lexer.mark)
            }
            let start = lexer.mark
            var name = defaultName
            var nameMark = start
            if case .id? = try peek() { (name, _, nameMark) = try id() }
            try expect("{")
            return (name, nameMark, start)
        }

        /// The statements of a graph, gathered: graph attributes, nodes in first-seen order with their
        /// attributes (node defaults first), and edges (one per pair of a chain).
        struct GraphBody {
            var graphAttrs: [(String, Documents.Node.Scalar, Mark)] = []
            var nodeOrder: [String] = []
            var nodes: [String: (Mark, [(String, Documents.Node.Scalar, Mark)])] = [:]
            var edges: [Documents.Node] = []
        }

        /// The statements up to and including the graph's closing `}`.
        mutating func graphBody() throws(InputError) -> GraphBody {
            var body = GraphBody()
            var nodeDefaults: [(String, Documents.Node.Scalar, Mark)] = []
            var edgeDefaults: [(String, Documents.Node.Scalar, Mark)] = []
            while true {
                guard let t = try peek() else { throw lexer.error("missing '}' at the end of the graph") }
                if t == .punct("}") {
                    _ = try take()
                    break
                }
                if t == .punct(";") {
                    _ = try take()
                    continue
                }
                let (word, plain, m) = try id()
                let following = try peek()
                if plain, word.lowercased() == "subgraph" || following == .punct("{") {
                    throw lexer.error("subgraphs are not supported in topology DOT files", at: m)
                }
                if plain && ["graph", "node", "edge"].contains(word.lowercased()) && following == .punct("[") {
                    let attrs = try attributes()
                    switch word.lowercased() {
                    case "graph": body.graphAttrs += attrs
                    case "node": nodeDefaults += attrs
                    default: edgeDefaults += attrs
                    }
                    continue
                }
                if try peek() == .punct("=") {
                    _ = try take()
                    let (value, vplain, vm) = try id()
                    body.graphAttrs.append((word, Documents.Node.Scalar(text: value, isPlain: vplain, mark: vm), m))
                    continue
                }
                if try peek() == .punct(":") {
                    throw lexer.error("node ports are not supported in topology DOT files", at: mark)
                }
                var chain = [(word, m)]
                while let op = try peek(), op == .punct("--") || op == .punct("->") {
                    _ = try take()
                    let (next, _, nm) = try id()
                    chain.append((next, nm))
                }
                let attrs = try attributes()
                if chain.count == 1 {
                    if body.nodes[word] == nil {
                        body.nodeOrder.append(word)
                        body.nodes[word] = (m, nodeDefaults)
                    }
                    body.nodes[word]!.1 += attrs
                } else {
                    for (a, b) in zip(chain, chain.dropFirst()) {
                        var entries = [
                            entry("source", Documents.Node.Scalar(text: a.0, isPlain: false, mark: a.1), a.1),
                            entry("target", Documents.Node.Scalar(text: b.0, isPlain: false, mark: b.1), b.1),
                        ]
                        entries += merged(edgeDefaults + attrs).map { entry($0.0, $0.1, $0.2) }
                        body.edges.append(.mapping(Documents.Node.Mapping(entries: entries, mark: a.1)))
                    }
                }
            }
            return body
        }

        /// The graph attributes, regrouped as node-link's `graph` object: the name, per-plane settings
        /// (`frontend_vlan`) and addressing (`addressing_frontend`).
        func graphObject(
            name: String, nameMark: Mark, attributes: [(String, Documents.Node.Scalar, Mark)],
            start: Mark
        ) -> [Documents.Node.Mapping.Entry] {
            var planes: [String: [Documents.Node.Mapping.Entry]] = [:]
            var addressing: [Documents.Node.Mapping.Entry] = []
            for (key, value, m) in merged(attributes) {
                if key.hasPrefix("addressing_") {
                    addressing.append(entry(String(key.dropFirst("addressing_".count)), value, m))
                } else if let underscore = key.firstIndex(of: "_"), Plane(name: key[..<underscore]) != nil {
                    planes[String(key[..<underscore]), default: []].append(
                        entry(String(key[key.index(after: underscore)...]), value, m))
                }
            }
            var graph = [entry("name", Documents.Node.Scalar(text: name, isPlain: false, mark: nameMark), nameMark)]
            graph.append(
                Documents.Node.Mapping.Entry(
                    key: "planes", keyMark: start,
                    value: .mapping(
                        Documents.Node.Mapping(
                            entries: planes.keys.sorted().map { k in
                                Documents.Node.Mapping.Entry(
                                    key: k, keyMark: planes[k]![0].keyMark,
                                    value: .mapping(
                                        Documents.Node.Mapping(entries: planes[k]!, mark: planes[k]![0].keyMark)))
                            }, mark: start))))
            graph.append(
                Documents.Node.Mapping.Entry(
                    key: "addressing", keyMark: start,
                    value: .mapping(Documents.Node.Mapping(entries: addressing, mark: start))))
            return graph
        }

        /// A node-link node object: its id, its attributes, and its `address_PLANE` attributes
        /// gathered under `addresses`.
        func nodeObject(_ name: String, _ m: Mark, _ attrs: [(String, Documents.Node.Scalar, Mark)]) -> Documents.Node {
            var entries = [entry("id", Documents.Node.Scalar(text: name, isPlain: false, mark: m), m)]
            var addresses: [Documents.Node.Mapping.Entry] = []
            for (key, value, km) in merged(attrs) {
                if key.hasPrefix("address_") {
                    addresses.append(entry(String(key.dropFirst("address_".count)), value, km))
                } else {
                    entries.append(entry(key, value, km))
                }
            }
            if !addresses.isEmpty {
                entries.append(
                    Documents.Node.Mapping.Entry(
                        key: "addresses", keyMark: m,
                        value: .mapping(Documents.Node.Mapping(entries: addresses, mark: m))))
            }
            return .mapping(Documents.Node.Mapping(entries: entries, mark: m))
        }

        func entry(_ key: String, _ value: Documents.Node.Scalar, _ mark: Mark) -> Documents.Node.Mapping.Entry {
            Documents.Node.Mapping.Entry(key: key, keyMark: mark, value: .scalar(value))
        }

        /// Attributes with later settings of a key replacing earlier ones (DOT semantics), first-seen order.
        func merged(_ attrs: [(String, Documents.Node.Scalar, Mark)]) -> [(String, Documents.Node.Scalar, Mark)] {
            var index: [String: Int] = [:]
            var out: [(String, Documents.Node.Scalar, Mark)] = []
            for a in attrs {
                if let i = index[a.0] {
                    out[i] = a
                } else {
                    index[a.0] = out.count
                    out.append(a)
                }
            }
            return out
        }
    }
}
