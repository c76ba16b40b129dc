import InterlockCore

/// RFC 4180 CSV rows: fields separated by commas, optionally double-quoted (a quote inside doubled),
/// rows ended by LF or CRLF; a quoted field may hold commas and newlines.
enum CSVRows {
    struct Row {
        var fields: [String]
        /// The line the row starts on, 1-based.
        var line: Int
        /// The column each field starts at, 1-based, on the row's first line.
        var columns: [Int]
    }

    /// The rows of `bytes`, blank lines skipped.
    ///
    /// - Throws: `InputError` at an unterminated quoted field or a quote in the middle of a bare one.
    static func parse(_ bytes: [UInt8], file: String) throws(InputError) -> [Row] {
        var rows: [Row] = []
        var fields: [String] = []
        var columns: [Int] = []
        var field: [UInt8] = []
        var line = 1
        var rowLine = 1
        var lineStart = 0
        var fieldStart = 0
        var i = 0
        var quoted = false
        var wasQuoted = false
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            columns.append(fieldStart - lineStart + 1)
            field = []
            wasQuoted = false
        }
        while i < bytes.count {
            let b = bytes[i]
            if quoted {
                if b == 0x22 {
                    if i + 1 < bytes.count && bytes[i + 1] == 0x22 {
                        field.append(0x22)
                        i += 1
                    } else {
                        quoted = false
                    }
                } else {
                    if b == 0x0A {
                        line += 1
                        lineStart = i + 1
                    }
                    field.append(b)
                }
            } else if b == 0x22 {
                guard field.isEmpty && !wasQuoted else {
                    throw InputError(
                        file: file, line: line, column: i - lineStart + 1, "a quote inside an unquoted field")
                }
                quoted = true
                wasQuoted = true
            } else if b == 0x2C {
                endField()
                fieldStart = i + 1
            } else if b == 0x0A || b == 0x0D {
                if b == 0x0D && i + 1 < bytes.count && bytes[i + 1] == 0x0A { i += 1 }
                if !(fields.isEmpty && field.isEmpty && !wasQuoted) {
                    endField()
                    rows.append(Row(fields: fields, line: rowLine, columns: columns))
                }
                fields = []
                columns = []
                line += 1
                lineStart = i + 1
                fieldStart = i + 1
                rowLine = line
            } else {
                field.append(b)
            }
            i += 1
        }
        if quoted { throw InputError(file: file, line: line, "a quoted field is not closed") }
        if !(fields.isEmpty && field.isEmpty && !wasQuoted) {
            endField()
            rows.append(Row(fields: fields, line: rowLine, columns: columns))
        }
        return rows
    }
}
