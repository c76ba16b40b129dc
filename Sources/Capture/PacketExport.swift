/// Writes exactly the packets of chosen connections, in their original order, to capture files
/// Wireshark opens: the machinery behind `--write-violations`.
///
/// It re-reads the inputs with a fresh tracker of the same configuration: connection ids are
/// assigned in order of first packet, so they match those of the scan that chose them. Inputs of
/// different link types go to one file per link type, named by suffix (`out.pcap` for the first
/// link type seen, `out.linux-sll.pcap` for the next...).
public enum PacketExport {
    /// Writes every packet counted in one of `connections` (outer or inner) from `paths`; returns
    /// the files written and how many packets each holds. Nothing is written when no packet matches.
    ///
    /// - Throws: `InputError` when an input cannot be read or an output file cannot be written.
    public static func write(
        connections: Set<Int>, from paths: [String], filter: String? = nil,
        configuration: TrackerConfiguration = TrackerConfiguration(),
        to output: String, format: CaptureFormat? = nil
    ) throws -> [(path: String, packets: Int)] {
        let reader = try CaptureReader(paths: paths, filter: filter)
        let tracker = ConnectionTracker(configuration: configuration)
        var summary = ReadSummary()
        var writers: [(LinkType, CaptureWriter)] = []
        var failure: Error? = nil
        CaptureScan.run(reader: reader, tracker: tracker, summary: &summary) { record, attribution in
            guard failure == nil, let a = attribution,
                connections.contains(a.connection) || connections.contains(a.innerConnection)
            else { return }
            do {
                let writer: CaptureWriter
                if let w = writers.first(where: { $0.0 == record.linkType })?.1 {
                    writer = w
                } else {
                    let path = writers.isEmpty ? output : suffixed(output, record.linkType)
                    let snap = reader.files[record.fileIndex].snapshotLength
                    writer = try CaptureWriter(
                        path: path, linkType: record.linkType, format: format, snapshotLength: snap)
                    writers.append((record.linkType, writer))
                }
                writer.write(record)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        for (_, w) in writers { try w.finish() }
        return writers.map { ($0.1.path, $0.1.packetsWritten) }
    }

    /// `out.pcap` → `out.linux-sll.pcap`.
    static func suffixed(_ path: String, _ linkType: LinkType) -> String {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return path + ".\(linkType)" }
        return path[..<dot] + ".\(linkType)" + path[dot...]
    }
}
