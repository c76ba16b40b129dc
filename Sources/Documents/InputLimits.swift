import InterlockCore

/// What one input file may cost to read: its size, and the nodes its YAML aliases may add.
///
/// Every reader of documents (`SourceLoader`, `YAMLReader`) applies `InputLimits.current`, which the
/// CLI sets once at start from the environment (`INTERLOCK_MAX_INPUT_SIZE`,
/// `INTERLOCK_MAX_YAML_ALIAS_NODES`), so that every command and every file a command reads on its
/// own (a scenario's intents, jobs and topology) honours the same limits.
public struct InputLimits: Sendable, Equatable {
    /// The largest document file read, in bytes (default 2 GiB). Captures are not documents: they
    /// stream through libpcap or a memory map and have no such limit.
    public var maxBytes: Int
    /// The most nodes YAML aliases may add to one file's documents, counting every node of the
    /// anchored value each alias stands for, aliases inside it included (default 1,000,000).
    public var maxAliasNodes: Int

    /// The environment variable that sets `maxBytes` (a byte size: `512MiB`, `2GiB`, `1000`).
    public static let sizeVariable = "INTERLOCK_MAX_INPUT_SIZE"
    /// The environment variable that sets `maxAliasNodes` (a count).
    public static let aliasVariable = "INTERLOCK_MAX_YAML_ALIAS_NODES"

    /// The defaults: 2 GiB and 1,000,000 alias nodes.
    public init(maxBytes: Int = 1 << 31, maxAliasNodes: Int = 1_000_000) {
        self.maxBytes = maxBytes
        self.maxAliasNodes = maxAliasNodes
    }

    /// The defaults, overridden by the variables of `environment` that are set.
    ///
    /// - Throws: `InputError` naming the variable when its value is not a size or a count.
    public init(environment: [String: String]) throws(InputError) {
        self.init()
        if let text = environment[Self.sizeVariable] {
            guard let bytes = Units.parseBytes(text), bytes >= 1, bytes < 0x1p62 else {
                throw InputError(
                    file: Self.sizeVariable, "expected a byte size of at least 1 (e.g. 512MiB), got '\(text)'")
            }
            maxBytes = Int(bytes)
        }
        if let text = environment[Self.aliasVariable] {
            guard let count = Int(text), count >= 0 else {
                throw InputError(file: Self.aliasVariable, "expected a count of 0 or more, got '\(text)'")
            }
            maxAliasNodes = count
        }
    }

    /// The limits in force; the CLI sets them before running a command.
    public nonisolated(unsafe) static var current = InputLimits()
}
