import InterlockCore

/// The data records of an IPFIX or NetFlow v9 file as they are read: numbered in file order (the
/// evidence), the flows' kept, the others (options data: no addresses) counted; and where the reading
/// stands, for its errors: the message (IPFIX) or packet (NetFlow v9) and the templates read so far.
struct ExportRecords {
    /// Names the records in labels, warnings and errors: `IPFIX`, `NetFlow v9`.
    let exporter: String
    /// The file read, for errors.
    let file: String
    /// What the file is a sequence of: `message` (IPFIX), `packet` (NetFlow v9).
    let unit: String
    /// The templates read so far, by observation domain (IPFIX) or source ID (NetFlow v9) << 16 | template ID.
    var templates: [UInt64: [IPFIXReader.Field]] = [:]
    private var unitNumber = 0
    private var count = 0
    private var flows: [IPFIXRecord] = []
    private var skipped = 0

    init(exporter: String, file: String, unit: String) {
        self.exporter = exporter
        self.file = file
        self.unit = unit
    }

    /// Starts the next message or packet, at `offset` of `bytes`.
    ///
    /// - Throws: `InputError` when fewer than `header` bytes are left for its header, or its first two
    ///   bytes are not `version`.
    mutating func nextUnit(at offset: Int, of bytes: [UInt8], header: Int, version: UInt64) throws(InputError) {
        unitNumber += 1
        guard bytes.count - offset >= header else { throw fail(offset, "a \(unit) header needs \(header) bytes") }
        let found = IPFIXReader.be(bytes, offset, 2)
        guard found == version else { throw fail(offset, "version \(found), expected \(version)") }
    }

    /// The error `text` at byte `at` of the message or packet being read.
    func fail(_ at: Int, _ text: String) -> InputError {
        InputError(file: file, "\(exporter) \(unit) \(unitNumber) at byte \(at): \(text)")
    }

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
    func contents() -> FlowLogContents {
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
