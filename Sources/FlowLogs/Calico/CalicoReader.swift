import Capture
import Documents
import InterlockCore

/// Reads Calico flow logs: the JSON lines Felix writes (`flows.log`, one record a line) and the same
/// records as CSV with a header row naming the fields. Each record is one flow, or with aggregation
/// (`flowLogsFileAggregationKindForAllowed`/`…ForDenied` above 0) several: source ports, then
/// addresses, are aggregated away. A record without addresses cannot be placed, so it is skipped
/// with a warning; a record of several flows or with its source ports aggregated is labeled.
enum CalicoReader {
    static let json = FlowLogFormatName("calico", text: true)
    static let csv = FlowLogFormatName("calico-csv", text: true)

    /// Every connection of the Calico JSON lines in `bytes`.
    static func readJSON(_ bytes: [UInt8], file: String) throws(InputError) -> FlowLogContents {
        var records: [CalicoFlow] = []
        for document in try JSONReader.documents(bytes, file: file) {
            let root = document.cursor
            guard root.isMapping else { throw root.error("expected a Calico flow-log record, found \(root.describe)") }
            var values: [String: String] = [:]
            for (key, value) in try root.entries() {
                switch value.node {
                case .scalar(let s) where !s.isNull: values[key] = s.text
                case .mapping, .sequence:
                    // `policies`: {"all_policies": [...]}, the policies that decided, in order.
                    let names = (try? value.optional("all_policies")?.array().map { try $0.string() }) ?? nil
                    if let names, !names.isEmpty { values[key] = names.joined(separator: "; ") }
                default: break
                }
            }
            records.append(
                CalicoFlow(
                    line: root.mark.line, value: { name in values[name].flatMap { $0 == "-" ? nil : $0 } },
                    fail: { name, message in (root[name] ?? root).error(message) }))
        }
        return try contents(records, file: file)
    }

    /// Every connection of a Calico flow log as CSV (a header row, then one record a row).
    static func readCSV(_ bytes: [UInt8], file: String) throws(InputError) -> FlowLogContents {
        let rows = try CSVRows.parse(bytes, file: file)
        guard let header = rows.first else { return FlowLogContents() }
        var columns: [String: Int] = [:]
        for (i, name) in header.fields.enumerated() { columns[name] = i }
        var records: [CalicoFlow] = []
        for row in rows.dropFirst() {
            guard row.fields.count == header.fields.count else {
                throw InputError(
                    file: file, line: row.line,
                    "\(row.fields.count) fields where the header names \(header.fields.count)")
            }
            records.append(
                CalicoFlow(
                    line: row.line,
                    value: { name in
                        guard let i = columns[name] else { return nil }
                        let v = row.fields[i]
                        return v.isEmpty || v == "-" ? nil : v
                    },
                    fail: { name, message in
                        InputError(file: file, line: row.line, column: columns[name].map { row.columns[$0] }, message)
                    }))
        }
        return try contents(records, file: file)
    }

    private static func contents(_ records: [CalicoFlow], file: String) throws(InputError) -> FlowLogContents {
        var contents = FlowLogContents()
        var unplaced = 0
        for r in records {
            contents.records += 1
            if let flow = try r.flow() { contents.flows.append(flow) } else { unplaced += 1 }
        }
        if unplaced > 0 {
            contents.warnings.append(
                "\(file): \(unplaced) Calico records aggregated past their addresses (names only): not judged")
        }
        return contents
    }
}
