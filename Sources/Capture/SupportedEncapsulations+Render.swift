import InterlockCore

extension SupportedEncapsulations {
    /// The column titles of every rendering.
    private static let headers = ["layer", "name", "identified by", "what is read", "reference"]

    private static func cells(_ row: SupportedEncapsulation) -> [String] {
        [row.layer.rawValue, row.name, row.identifiedBy, row.summary, row.reference]
    }

    /// The table as aligned text (`interlock capture formats`).
    public static func text() -> String {
        var table = TextTable(headers: headers)
        for row in all { table.append(cells(row)) }
        return table.render()
    }

    /// The table as Markdown (the README's list of supported link types and encapsulations).
    public static func markdown() -> String {
        func line(_ cells: [String]) -> String {
            "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n"
        }
        var out = line(headers.map { $0.prefix(1).uppercased() + $0.dropFirst() })
        out += line(headers.map { _ in "---" })
        for row in all {
            var c = cells(row)
            c[1] = "`" + c[1] + "`"
            out += line(c)
        }
        return out
    }

    /// The table as JSON: an array of rows, link types with their DLT values.
    public static func json() -> JSON {
        .array(
            all.map { row in
                var fields: [(String, JSON)] = [
                    ("layer", .string(row.layer.rawValue)), ("name", .string(row.name)),
                    ("identifiedBy", .string(row.identifiedBy)), ("summary", .string(row.summary)),
                    ("reference", .string(row.reference)),
                ]
                if row.layer == .linkType {
                    fields.append(("dlt", .array(row.linkTypes.map { .int(Int($0.rawValue)) })))
                }
                return .object(fields)
            })
    }
}
