/// The data records of an IPFIX or NetFlow v9 file as they are read: numbered in file order (the
/// evidence), the flows' kept, the others (options data: no addresses) counted.
struct ExportRecords {
    /// Names the records in labels and warnings: `IPFIX`, `NetFlow v9`.
    let exporter: String
    private var count = 0
    private var flows: [IPFIXRecord] = []
    private var skipped = 0

    init(exporter: String) { self.exporter = exporter }

    /// The number of the record about to be read, 1-based.
    mutating func next() -> Int {
        count += 1
        return count
    }

    /// Keeps the record just read when it is a flow's (`nil`: it is not).
    mutating func add(_ record: IPFIXRecord?) {
        if let record { flows.append(record) } else { skipped += 1 }
    }

    /// The records joined into connections, with a warning counting those left out.
    func contents(file: String) -> FlowLogContents {
        var contents = FlowLogContents()
        contents.records = count
        contents.flows = IPFIXRecord.join(flows, exporter: exporter)
        if skipped > 0 {
            contents.warnings.append(
                "\(file): \(skipped) \(exporter) records without IP addresses and a protocol skipped")
        }
        return contents
    }
}
