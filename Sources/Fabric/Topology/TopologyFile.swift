import Documents
import InterlockCore

/// Loading a topology from a file in any of the formats Interlock reads: the YAML (or JSON)
/// topology format, NetworkX node-link JSON, and the Graphviz DOT that `topology export` writes.
public enum TopologyFile {
    /// Reads and assembles the topology at `path` (`-` for standard input).
    ///
    /// - Throws: `InputError` when the file cannot be read or parsed, or at the entry that cannot be
    ///   assembled.
    public static func load(path: String) throws(InputError) -> FabricGraph {
        try TopologyAssembler.assemble(try source(path: path))
    }

    /// Reads the file into its stated form, without assembling it.
    public static func source(path: String) throws(InputError) -> TopologySource {
        try source(bytes: try SourceLoader.read(path: path), file: path)
    }

    /// Parses `bytes` in whichever format they are (DOT, node-link JSON, else the topology format), without
    /// assembling.
    ///
    /// - Throws: `InputError` when the text is not one document of a known format, or an entry is
    /// malformed.
    public static func source(bytes: [UInt8], file: String) throws(InputError) -> TopologySource {
        let name = defaultName(file)
        if DOTReader.looksLikeDOT(bytes) {
            return try DOTReader.read(bytes, file: file, defaultName: name)
        }
        let documents = try SourceLoader.documents(bytes: bytes, file: file)
        guard documents.count == 1 else {
            throw InputError(
                file: file,
                documents.isEmpty
                    ? "empty topology file" : "a topology file holds one document, found \(documents.count)")
        }
        let root = documents[0].cursor
        if NodeLinkReader.looksLikeNodeLink(root) {
            return try NodeLinkReader.read(root, defaultName: name)
        }
        return try TopologyReader.read(root, defaultName: name)
    }

    /// The file's base name without extension (`topologies/dgx-h100-1su.yaml` → `dgx-h100-1su`).
    static func defaultName(_ path: String) -> String {
        let base = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = base.lastIndex(of: "."), dot != base.startIndex else { return base == "-" ? "topology" : base }
        return String(base[..<dot])
    }
}

extension TopologyFile {
    /// Reads and assembles a topology held in memory; `file` names it in errors.
    public static func load(bytes: [UInt8], file: String) throws(InputError) -> FabricGraph {
        try TopologyAssembler.assemble(try source(bytes: bytes, file: file))
    }

    /// Reads and assembles a topology from text.
    public static func load(text: String, file: String) throws(InputError) -> FabricGraph {
        try load(bytes: Array(text.utf8), file: file)
    }
}
