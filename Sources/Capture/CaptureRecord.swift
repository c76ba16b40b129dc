/// One record read from a capture file. `bytes` points into the reader's storage and is valid only
/// until the reader's next call: copy what must outlive it.
public struct CaptureRecord {
    /// Time since the Unix epoch, in nanoseconds (microsecond files are scaled up).
    public var timestamp: Int64
    /// Bytes captured (what `bytes` holds).
    public var capturedLength: Int
    /// Length of the frame on the wire.
    public var originalLength: Int
    /// The captured bytes; valid until the reader's next call.
    public var bytes: PacketBytes
    /// The link type of the record's file.
    public var linkType: LinkType
    /// Which input file, as an index into the reader's `files`.
    public var fileIndex: Int
    /// 1-based position in its own file: the number Wireshark shows for it.
    public var frameNumber: Int
    /// 1-based position in the merged stream of all files.
    public var packetNumber: Int
    /// Whether the record passed the `--filter` expression (always true without one).
    public var matchesFilter: Bool
    /// Whether this stands for an unreadable record (cut short, impossible length) that ended its
    /// file; such a record has no bytes and is counted as `bad-record`.
    public var isBadRecord: Bool
}

/// A capture file as the reader opened it.
public struct CaptureFileInfo: Sendable {
    /// The path as given.
    public var path: String
    /// The file's link type.
    public var linkType: LinkType
    /// The file's snapshot length (the most bytes a record holds).
    public var snapshotLength: Int
    /// `pcap` or `pcapng`.
    public var format: String
    /// Whether the records are parsed straight from a memory map (the fast path) rather than
    /// through `pcap_next_ex`.
    public var mapped: Bool
    /// For a flow log rather than a packet capture: its format (`format` holds its name too).
    public var flowLogFormat: FlowLogFormatName? = nil
}

/// Which code reads classic pcap records.
public enum ReadPath: Sendable {
    /// Memory-map classic pcap files of the common layouts, libpcap for everything else.
    case automatic
    /// libpcap's `pcap_next_ex` for every file: the reference.
    case libpcap
}
