import Foundation
import InterlockCore

/// The fast path for classic pcap files: the file is memory-mapped and its records parsed in place,
/// with no copy and no call into libpcap per packet.
///
/// It accepts only the layouts it reproduces exactly (`probe`): host byte order (little-endian),
/// version 2.4, microsecond or nanosecond magic, and a link type whose libpcap maximum snapshot
/// is 262144 and whose records libpcap passes through unchanged. For those it follows libpcap 1.10's
/// `sf-pcap.c` rule for rule, error texts included, so both paths yield identical records.
///
/// Invariants: `base` maps `size` bytes for the object's lifetime; `position` is the offset of the
/// next record header, `24 <= position <= size`.
final class MappedPcapFile {
    /// libpcap's `max_snaplen_for_dlt` for every link type this path accepts.
    static let maximumSnapshot = 262_144

    private let base: UnsafeRawPointer
    private let size: Int
    private var position = 24
    /// Pages before this offset have been handed back to the kernel (`releaseBehind`).
    private var released = 0
    /// Mapped pages of a file read once count in the resident set as they are touched; dropping
    /// them every `releaseStride` bytes keeps memory flat however long the capture is.
    private static let releaseStride = 32 << 20
    private let nanosecond: Bool
    let linkType: LinkType
    /// The snapshot length after libpcap's adjustment (0 or negative becomes the maximum).
    let snapshotLength: Int

    /// Maps `path` when it is a regular file whose header qualifies for the fast path; `nil`
    /// otherwise (use libpcap). Standard input (`-`), pipes, FIFOs and `/dev/fd/N` are never opened
    /// here: libpcap has opened them already, a second open of a FIFO whose writer is gone would
    /// block forever, and what a pipe yields can be read only once.
    static func open(path: String) -> MappedPcapFile? {
        var info = stat()
        guard path != "-", stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let fd = Foundation.open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_size >= 24, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(st.st_size)
        guard let map = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), map != MAP_FAILED else { return nil }
        let raw = UnsafeRawPointer(map)
        guard let header = probe(PacketBytes(base: raw, count: 24)) else {
            munmap(map, size)
            return nil
        }
        _ = madvise(map, size, MADV_SEQUENTIAL)
        return MappedPcapFile(base: raw, size: size, header: header)
    }

    private init(base: UnsafeRawPointer, size: Int, header: (nanosecond: Bool, linkType: LinkType, snapshot: Int)) {
        self.base = base
        self.size = size
        nanosecond = header.nanosecond
        linkType = header.linkType
        snapshotLength = header.snapshot
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: base), size) }

    /// Drops the mapped pages well behind the cursor (the record just returned, at most 256 KiB
    /// long, stays mapped).
    @inline(never)
    private func releaseBehind() {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let end = (position - (1 << 20)) / page * page
        guard end > released else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: base) + released, end - released, MADV_DONTNEED)
        released = end
    }

    /// Reads a 24-byte classic pcap header; `nil` unless the fast path reproduces libpcap for it.
    static func probe(_ h: PacketBytes) -> (nanosecond: Bool, linkType: LinkType, snapshot: Int)? {
        guard let magic = h.u32LittleEndian(0), let versions = h.u32LittleEndian(4),
            let snaplen = h.u32LittleEndian(16), let linkField = h.u32LittleEndian(20)
        else { return nil }
        let nanosecond: Bool
        switch magic {
        case 0xA1B2_C3D4: nanosecond = false
        case 0xA1B2_3C4D: nanosecond = true
        default: return nil
        }
        // major 2, minor 4, little-endian halves.
        guard versions == 0x0004_0002, let linkType = LinkType.fromFileValue(linkField & 0xFFFF) else { return nil }
        let snap = Int(Int32(bitPattern: snaplen))
        // libpcap 1.10 replaces only a zero or negative (as a C int) snapshot length by the maximum.
        let snapshot = snap <= 0 ? maximumSnapshot : snap
        return (nanosecond, linkType, snapshot)
    }

    /// The next record, parsed in place.
    @inline(__always)
    func next() -> RawRecord {
        let remaining = size &- position
        guard remaining >= 16 else {
            if remaining == 0 { return .end }
            position = size
            return .failure("truncated dump file; tried to read 16 header bytes, only got \(remaining)")
        }
        let h = base + position
        let seconds = Int32(littleEndian: h.loadUnaligned(as: Int32.self))
        let fraction = Int32(littleEndian: h.loadUnaligned(fromByteOffset: 4, as: Int32.self))
        let captured = Int(UInt32(littleEndian: h.loadUnaligned(fromByteOffset: 8, as: UInt32.self)))
        let original = Int(UInt32(littleEndian: h.loadUnaligned(fromByteOffset: 12, as: UInt32.self)))
        let available = remaining &- 16
        var delivered = captured
        if captured > MappedPcapFile.maximumSnapshot {
            position = size
            return .failure(
                captured > snapshotLength
                    ? "invalid packet capture length \(captured), bigger than snaplen of \(snapshotLength)"
                    : "invalid packet capture length \(captured), bigger than maximum of \(MappedPcapFile.maximumSnapshot)"
            )
        }
        if captured > snapshotLength {
            // libpcap keeps the first `snapshot` bytes and discards the rest of the record.
            guard available >= snapshotLength else {
                position = size
                return .failure(
                    "truncated dump file; tried to read \(snapshotLength) captured bytes, only got \(available)")
            }
            delivered = snapshotLength
        }
        guard available >= captured else {
            position = size
            return .failure("truncated dump file; tried to read \(captured) captured bytes, only got \(available)")
        }
        position &+= 16 &+ captured
        if position &- released > MappedPcapFile.releaseStride { releaseBehind() }
        let ns = Int64(seconds) &* 1_000_000_000 &+ Int64(fraction) &* (nanosecond ? 1 : 1000)
        return .record(
            timestamp: ns, captured: delivered, original: original,
            bytes: PacketBytes(base: h + 16, count: delivered))
    }
}
