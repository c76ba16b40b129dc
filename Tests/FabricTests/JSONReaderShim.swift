import Documents

/// Top-level scalar fields of a JSON object, through the project's own JSON reader.
enum JSONReaderShim {
    static func parse(_ bytes: [UInt8]) throws -> [String: String] {
        let root = try JSONReader.documents(bytes, file: "x.json")[0].cursor
        var out: [String: String] = [:]
        for (k, v) in try root.entries() { if let s = try? v.string() { out[k] = s } }
        return out
    }
}
