extension ByteWriter {
    /// Appends `s` as one RFC 4180 field: quoted when it holds a comma, a quote, CR or LF, with each
    /// quote inside doubled; as it is otherwise. The test is on bytes, so a CR LF pair (one
    /// `Character`) is quoted too.
    public func csvField(_ s: String) {
        var s = s
        s.withUTF8 { field in
            guard field.contains(where: ByteWriter.needsQuotes) else {
                append(field)
                return
            }
            bytes.append(UInt8(ascii: "\""))
            var run = 0
            for i in field.indices where field[i] == UInt8(ascii: "\"") {
                append(UnsafeBufferPointer(rebasing: field[run...i]))
                bytes.append(UInt8(ascii: "\""))
                run = i + 1
            }
            append(UnsafeBufferPointer(rebasing: field[run...]))
            bytes.append(UInt8(ascii: "\""))
        }
    }

    /// Appends a comma and `s` as one field (a field after the first of a line).
    public func csvNextField(_ s: String) {
        bytes.append(UInt8(ascii: ","))
        csvField(s)
    }

    /// Appends a comma and `v` in decimal, or nothing after the comma for `nil` (an empty field).
    public func csvInt(_ v: Int?) {
        bytes.append(UInt8(ascii: ","))
        if let v { write(v) }
    }

    /// Appends the fields of one CSV line, separated by commas, and the line break.
    public func csvRow(_ fields: [String]) {
        for (i, field) in fields.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            csvField(field)
        }
        bytes.append(UInt8(ascii: "\n"))
    }

    /// Appends the fields of one TSV line, separated by tabs, and the line break. TSV has no quoting:
    /// the fields must hold no tab or line break (IANA text/tab-separated-values).
    public func tsvRow(_ fields: [String]) {
        for (i, field) in fields.enumerated() {
            if i > 0 { bytes.append(0x09) }
            write(field)
        }
        bytes.append(UInt8(ascii: "\n"))
    }

    private static func needsQuotes(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D
    }
}
