/// Numbers distinct values in order of first appearance.
///
/// Invariant: `values[Int(ids[v]!)] == v` for every value added, and `ids.count == values.count`.
struct Interner<Value: Hashable> {
    private var ids: [Value: Int32] = [:]
    private(set) var values: [Value] = []

    var count: Int { values.count }

    /// The id of `value`, numbered next when new.
    mutating func id(_ value: Value) -> Int32 {
        if let known = ids[value] { return known }
        let id = Int32(values.count)
        ids[value] = id
        values.append(value)
        return id
    }
}
