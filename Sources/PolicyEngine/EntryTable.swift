/// A rows × columns table of profile ids, deduplicated and stored as narrow as the profile count
/// allows (one, two or four bytes an entry), so that large tables stay in cache.
///
/// Invariants: `bytes.count == rowCount * columnCount * width`; entry `(r, c)` is the little-endian
/// unsigned integer of `width` bytes at offset `(r * columnCount + c) * width`.
struct EntryTable: Sendable {
    let rowCount: Int
    let columnCount: Int
    let width: Int
    private let bytes: [UInt8]

    init(rows: [[UInt32]], columnCount: Int, profileCount: Int) {
        rowCount = rows.count
        self.columnCount = columnCount
        width = profileCount <= 256 ? 1 : profileCount <= 65536 ? 2 : 4
        var out = [UInt8](repeating: 0, count: rows.count * columnCount * width)
        for (r, row) in rows.enumerated() {
            for (c, value) in row.enumerated() {
                let at = (r * columnCount + c) * width
                for b in 0..<width { out[at + b] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(b))) }
            }
        }
        bytes = out
    }

    var byteCount: Int { bytes.count }
    /// The entries as stored, for `VerdictIndex` to copy.
    var rawBytes: [UInt8] { bytes }

    @inline(__always) subscript(row: Int, column: Int) -> UInt32 {
        let at = (row * columnCount + column) * width
        return bytes.withUnsafeBytes { raw in
            switch width {
            case 1: return UInt32(raw[at])
            case 2: return UInt32(raw.loadUnaligned(fromByteOffset: at, as: UInt16.self).littleEndian)
            default: return raw.loadUnaligned(fromByteOffset: at, as: UInt32.self).littleEndian
            }
        }
    }
}

/// Merges identical rows, then identical columns, of a table being built row by row.
struct TableCompactor {
    let columnCount: Int
    private var rows = Interner<ProfileVector>()

    init(columnCount: Int) { self.columnCount = columnCount }

    /// The id of a row with these entries (an earlier identical row's, if any).
    mutating func add(_ row: [UInt32]) -> Int32 { rows.id(ProfileVector(ids: row)) }

    /// Merges identical columns: the compacted rows and, per old column, its new column.
    func compactColumns() -> (rows: [[UInt32]], columnMap: [Int32]) {
        var columns = Interner<ProfileVector>()
        var kept: [Int] = []
        let map = (0..<columnCount).map { c in
            let before = columns.count
            let id = columns.id(ProfileVector(ids: rows.values.map { $0.ids[c] }))
            if columns.count > before { kept.append(c) }
            return id
        }
        return (rows.values.map { row in kept.map { row.ids[$0] } }, map)
    }
}

/// A row or column of profile ids as an interning key. It hashes its ids as one block of bytes:
/// an array hashes element by element, several times slower on rows thousands of entries long.
struct ProfileVector: Hashable {
    var ids: [UInt32]

    func hash(into hasher: inout Hasher) {
        ids.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}
