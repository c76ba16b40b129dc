import Capture
import Documents
import InterlockCore

/// Reads conn.log written as JSON lines (`LogAscii::use_json=T`): one object a line with the
/// `Conn::Info` field names as keys (`"id.orig_h"`); unset fields are left out; `ts` is seconds
/// since the epoch (`JSON::TS_EPOCH`, the default) or an ISO 8601 string (`JSON::TS_ISO8601`).
/// See https://docs.zeek.org/en/master/log-formats.html#zeek-json-format-logs.
enum ZeekJSONReader {
    static let format = FlowLogFormatName("zeek-json", text: true)

    /// Every connection of the conn.log JSON lines in `bytes`.
    ///
    /// - Throws: `InputError` at the line and column of the first bad line or field.
    static func read(_ bytes: [UInt8], file: String) throws(InputError) -> FlowLogContents {
        var contents = FlowLogContents()
        for document in try JSONReader.documents(bytes, file: file) {
            let root = document.cursor
            guard root.isMapping else { throw root.error("expected a conn.log record object, found \(root.describe)") }
            var values: [String: String] = [:]
            for (key, value) in try root.entries() {
                if case .scalar(let s) = value.node, !s.isNull { values[key] = s.text }
            }
            let record = ZeekConn(
                line: root.mark.line, value: { values[$0] },
                fail: { name, message in (root[name] ?? root).error(message) })
            contents.flows.append(try record.flow())
            contents.records += 1
        }
        return contents
    }
}
