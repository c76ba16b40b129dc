import ArgumentParser
import InterlockCore
import Traffic

/// `--collective` and `--size` as the commands that simulate traffic read them; bad values are
/// usage errors (exit 2).
enum CollectiveArguments {
    /// The collective named `name` (canonical names and common spellings).
    static func collective(_ name: String) throws -> Collective {
        guard let c = Collective(name: name) else {
            throw ValidationError("unknown collective '\(name)' (expected one of: \(Collective.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return c
    }

    /// A positive byte size with units (`1GiB`, `256MiB`, `4GB`).
    static func size(_ text: String) throws -> Double {
        guard let bytes = Units.parseBytes(text), bytes > 0 else { throw ValidationError("--size must be a byte size such as 1GiB (got \(text))") }
        return bytes
    }
}
