import CPcap
import Foundation
import InterlockCore

/// The on-disk format a `CaptureWriter` produces.
public enum CaptureFormat: String, Sendable, CaseIterable {
    /// Classic pcap with nanosecond timestamps, written by libpcap's dump writer.
    case pcap
    /// pcapng: one section, one interface (`if_tsresol` 9: nanoseconds), enhanced packet blocks.
    case pcapng

    /// The format a path's extension asks for (`.pcapng` → pcapng, anything else → pcap).
    public init(path: String) {
        self = path.lowercased().hasSuffix(".pcapng") ? .pcapng : .pcap
    }
}

/// Writes packets to a capture file that Wireshark, tcpdump and tshark open.
///
/// The file is an `OutputFile`: written to a temporary sibling and renamed into place by `finish()`;
/// a writer dropped without `finish()` (a failed run) or a run ended by SIGINT or SIGTERM removes it,
/// so no partial file is left behind. `-` and `/dev/stdout` write to standard output.
/// Not Sendable: one writer, one thread.
public final class CaptureWriter {
    /// The file written (in place once `finish()` succeeds).
    public let path: String
    /// The link type every packet is written as.
    public let linkType: LinkType
    /// pcap or pcapng.
    public let format: CaptureFormat
    /// Packets longer than this are cut to it (their wire length is kept).
    public let snapshotLength: Int
    /// Packets written so far.
    public private(set) var packetsWritten = 0
    private let output: OutputFile
    private var dead: OpaquePointer?
    private var dumper: OpaquePointer?
    private var file: UnsafeMutablePointer<FILE>?
    private var finished = false

    /// Opens a temporary sibling of `path` for writing; `format` defaults to what the path's extension
    /// asks for.
    ///
    /// - Throws: `InputError` naming `path` when it is not a regular file (see `OutputTarget`) or the
    ///   file cannot be created.
    public init(path: String, linkType: LinkType, format: CaptureFormat? = nil, snapshotLength: Int = 262_144) throws {
        self.path = path
        self.linkType = linkType
        self.format = format ?? CaptureFormat(path: path)
        self.snapshotLength = snapshotLength
        output = try OutputFile(path: path)
        // The streams below own a duplicate of the descriptor; the OutputFile closes its own.
        let duplicate = dup(output.fileDescriptor)
        guard duplicate >= 0, let stream = fdopen(duplicate, "wb") else {
            throw InputError(file: path, "cannot create output file: \(String(cString: strerror(errno)))")
        }
        switch self.format {
        case .pcap:
            guard
                let d = pcap_open_dead_with_tstamp_precision(
                    linkType.rawValue, Int32(snapshotLength),
                    UInt32(PCAP_TSTAMP_PRECISION_NANO))
            else {
                fclose(stream)
                throw InputError(file: path, "cannot create capture writer")
            }
            dead = d
            guard let dump = pcap_dump_fopen(d, stream) else {
                let message = String(cString: pcap_geterr(d))
                fclose(stream)
                throw InputError(file: path, "cannot create output file: \(message)")
            }
            dumper = dump
        case .pcapng:
            file = stream
            writePcapNGHeader()
        }
    }

    deinit {
        if !finished { closeHandles() }
        if let dead { pcap_close(dead) }
    }

    /// Writes one packet: `bytes` as captured, stamped `timestamp` (ns since the epoch), with
    /// `originalLength` on the wire (defaults to the captured length).
    public func write(timestamp: Int64, bytes: UnsafeRawBufferPointer, originalLength: Int? = nil) {
        let captured = min(bytes.count, snapshotLength)
        let original = max(originalLength ?? bytes.count, captured)
        let seconds = timestamp >= 0 ? timestamp / 1_000_000_000 : (timestamp - 999_999_999) / 1_000_000_000
        let nanos = timestamp - seconds * 1_000_000_000
        packetsWritten += 1
        if let dumper {
            var header = pcap_pkthdr()
            header.ts.tv_sec = Int(seconds)
            header.ts.tv_usec = Int(nanos)  // nanoseconds: the dead handle has nanosecond precision
            header.caplen = UInt32(captured)
            header.len = UInt32(truncatingIfNeeded: original)
            let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
            var empty: UInt8 = 0
            pcap_dump(UnsafeMutablePointer<UInt8>(dumper), &header, base ?? withUnsafePointer(to: &empty) { $0 })
        } else {
            writeEnhancedPacketBlock(
                timestamp: timestamp, bytes: UnsafeRawBufferPointer(rebasing: bytes[0..<captured]),
                originalLength: original)
        }
    }

    /// Writes one packet from an array, like `write(timestamp:bytes:originalLength:)` on a buffer.
    public func write(timestamp: Int64, bytes: [UInt8], originalLength: Int? = nil) {
        bytes.withUnsafeBytes { write(timestamp: timestamp, bytes: $0, originalLength: originalLength) }
    }

    /// Copies a record as read (timestamp, captured bytes, wire length).
    public func write(_ record: borrowing CaptureRecord) {
        let buffer = UnsafeRawBufferPointer(start: record.bytes.base, count: record.bytes.count)
        write(timestamp: record.timestamp, bytes: buffer, originalLength: record.originalLength)
    }

    /// Flushes, closes and moves the file into place.
    ///
    /// - Throws: `InputError` naming `path` when the file cannot be flushed or moved into place.
    public func finish() throws {
        guard !finished else { return }
        var failed = false
        if let dumper {
            failed = pcap_dump_flush(dumper) != 0 || ferror(pcap_dump_file(dumper)) != 0
        } else if let file {
            failed = fflush(file) != 0 || ferror(file) != 0
        }
        closeHandles()
        finished = true
        if failed {
            let reason = String(cString: strerror(errno))
            output.discard()
            throw InputError(file: path, "cannot write output file: \(reason)")
        }
        try output.commit()
    }

    private func closeHandles() {
        if let dumper { pcap_dump_close(dumper) }
        dumper = nil
        if let file { fclose(file) }
        file = nil
    }

    // MARK: pcapng (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcapng-02.html), host byte order

    private func put(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
    }

    private static func le<T: FixedWidthInteger>(_ v: T) -> [UInt8] {
        withUnsafeBytes(of: v.littleEndian) { Array($0) }
    }

    private func writePcapNGHeader() {
        // Section Header Block: byte-order magic, version 1.0, section length unknown (-1).
        var shb = CaptureWriter.le(UInt32(0x1A2B_3C4D)) + CaptureWriter.le(UInt16(1)) + CaptureWriter.le(UInt16(0))
        shb += CaptureWriter.le(Int64(-1))
        block(type: 0x0A0D_0D0A, body: shb)
        // Interface Description Block: link type, snaplen, if_tsresol = 9 (10^-9 s), end of options.
        var idb = CaptureWriter.le(UInt16(truncatingIfNeeded: linkType.fileValue)) + CaptureWriter.le(UInt16(0))
        idb += CaptureWriter.le(UInt32(snapshotLength))
        idb += CaptureWriter.le(UInt16(9)) + CaptureWriter.le(UInt16(1)) + [9, 0, 0, 0]
        idb += CaptureWriter.le(UInt32(0))
        block(type: 1, body: idb)
    }

    private func writeEnhancedPacketBlock(timestamp: Int64, bytes: UnsafeRawBufferPointer, originalLength: Int) {
        let ts = UInt64(bitPattern: timestamp)
        var body = CaptureWriter.le(UInt32(0)) + CaptureWriter.le(UInt32(truncatingIfNeeded: ts >> 32))
        body += CaptureWriter.le(UInt32(truncatingIfNeeded: ts))
        body += CaptureWriter.le(UInt32(bytes.count)) + CaptureWriter.le(UInt32(truncatingIfNeeded: originalLength))
        body += Array(bytes)
        block(type: 6, body: body)
    }

    /// A block: type, total length, body padded to 32 bits, total length again.
    private func block(type: UInt32, body: [UInt8]) {
        let padded = body + [UInt8](repeating: 0, count: (4 - body.count % 4) % 4)
        let length = UInt32(12 + padded.count)
        put(CaptureWriter.le(type) + CaptureWriter.le(length) + padded + CaptureWriter.le(length))
    }
}
