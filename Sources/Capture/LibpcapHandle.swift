import CPcap
import InterlockCore

/// An offline libpcap handle (`pcap_open_offline_with_tstamp_precision`, nanosecond timestamps).
/// Not Sendable: a `pcap_t` belongs to one thread. The record returned by `next()` points into
/// libpcap's buffer and lives until the following call.
final class LibpcapHandle {
    let pointer: OpaquePointer
    let path: String

    init(path: String) throws {
        var errbuf = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE) + 1)
        guard let p = pcap_open_offline_with_tstamp_precision(path, UInt32(PCAP_TSTAMP_PRECISION_NANO), &errbuf) else {
            let message = errbuf.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            // libpcap prefixes some messages with the path; the error names the file once.
            let trimmed = message.hasPrefix(path + ": ") ? String(message.dropFirst(path.count + 2)) : message
            throw InputError(file: path, trimmed.isEmpty ? "cannot read capture" : trimmed)
        }
        pointer = p
        self.path = path
    }

    deinit { pcap_close(pointer) }

    var linkType: LinkType { LinkType(rawValue: pcap_datalink(pointer)) }
    var snapshotLength: Int { Int(pcap_snapshot(pointer)) }
    var isPcapNG: Bool {
        // libpcap reports version 1.0 for pcapng section headers and 2.x for classic pcap.
        pcap_major_version(pointer) == 1
    }

    /// The next record: `.record`, `.end`, or `.failure(message)` after which the file is unreadable.
    func next() -> RawRecord {
        var header: UnsafeMutablePointer<pcap_pkthdr>?
        var data: UnsafePointer<UInt8>?
        switch pcap_next_ex(pointer, &header, &data) {
        case 1:
            guard let h = header?.pointee else { return .end }
            return .record(
                timestamp: Int64(h.ts.tv_sec) &* 1_000_000_000 &+ Int64(h.ts.tv_usec),
                captured: Int(h.caplen), original: Int(h.len),
                bytes: PacketBytes(base: UnsafeRawPointer(data), count: Int(h.caplen)))
        case PCAP_ERROR_BREAK:
            return .end
        default:
            return .failure(String(cString: pcap_geterr(pointer)))
        }
    }
}

/// What one step of a file source yields.
enum RawRecord {
    case record(timestamp: Int64, captured: Int, original: Int, bytes: PacketBytes)
    case end
    case failure(String)
}
