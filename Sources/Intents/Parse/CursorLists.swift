import Documents
import InterlockCore

extension Cursor {
    /// A scalar or a list of scalars, as strings.
    func stringList() throws(InputError) -> [String] {
        if case .sequence = node {
            var out: [String] = []
            for item in try array() { out.append(try item.string()) }
            return out
        }
        return [try string()]
    }

    /// The value under the first of `keys` present (singular and plural spellings), or `nil`.
    func optional(anyOf keys: [String]) throws(InputError) -> Cursor? {
        let present = keys.compactMap { optional($0) }
        if present.count > 1 { throw error("give only one of \(keys.joined(separator: ", "))") }
        return present.first
    }
}
