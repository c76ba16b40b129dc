import InterlockCore

/// The protocol-buffers wire format (https://protobuf.dev/programming-guides/encoding/), read field by
/// field: varints, 64- and 32-bit fixed values and length-delimited bytes. Enough for the Chakra
/// execution-trace messages, decoded by hand (see DEVELOPERS.md, "Workloads from traces").
struct ProtobufReader {
    /// Wire types.
    static let varint = 0
    static let fixed64 = 1
    static let lengthDelimited = 2
    static let fixed32 = 5

    private let bytes: [UInt8]
    private let end: Int
    private let file: String
    /// The offset of the next byte to read.
    private(set) var offset: Int

    /// Reads `bytes[range]`; errors name `file` and the byte offset.
    init(_ bytes: [UInt8], range: Range<Int>? = nil, file: String) {
        self.bytes = bytes
        let r = range ?? bytes.indices
        offset = r.lowerBound
        end = r.upperBound
        self.file = file
    }

    /// Whether every byte has been read.
    var atEnd: Bool { offset >= end }

    func error(_ message: String) -> InputError {
        InputError(file: file, "byte \(offset): \(message)")
    }

    mutating func readVarint() throws(InputError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < end else { throw error("truncated varint") }
            let b = bytes[offset]
            offset += 1
            guard shift < 64 else { throw error("varint longer than 10 bytes") }
            value |= UInt64(b & 0x7f) << shift
            if b & 0x80 == 0 { return value }
            shift += 7
        }
    }

    /// The next field's number and wire type, or `nil` at the end.
    mutating func readTag() throws(InputError) -> (field: Int, wireType: Int)? {
        guard !atEnd else { return nil }
        let tag = try readVarint()
        guard tag >> 3 > 0, tag >> 3 <= 0x1FFF_FFFF else { throw error("field number 0 or out of range") }
        return (Int(tag >> 3), Int(tag & 7))
    }

    /// The range of a length-delimited field's bytes (the reader moves past them).
    mutating func readLengthDelimited() throws(InputError) -> Range<Int> {
        let n = try readVarint()
        guard n <= UInt64(end - offset) else { throw error("length \(n) runs past the end") }
        let start = offset
        offset += Int(n)
        return start..<offset
    }

    /// A little-endian fixed-width value (wire types 1 and 5: `UInt64`, `UInt32`).
    mutating func readFixed<T: FixedWidthInteger & UnsignedInteger>(_: T.Type) throws(InputError) -> T {
        let n = T.bitWidth / 8
        guard end - offset >= n else { throw error("truncated \(T.bitWidth)-bit value") }
        var v: T = 0
        for k in 0..<n { v |= T(bytes[offset + k]) << (8 * k) }
        offset += n
        return v
    }

    mutating func readString() throws(InputError) -> String {
        String(decoding: bytes[try readLengthDelimited()], as: UTF8.self)
    }

    /// A sub-reader over the next length-delimited field (an embedded message).
    mutating func readMessage() throws(InputError) -> ProtobufReader {
        ProtobufReader(bytes, range: try readLengthDelimited(), file: file)
    }

    /// Repeated varints: packed (one length-delimited field) or one value per field.
    mutating func readVarints(wireType: Int) throws(InputError) -> [UInt64] {
        guard wireType == Self.lengthDelimited else { return [try readVarint()] }
        var inner = try readMessage()
        var out: [UInt64] = []
        while !inner.atEnd { out.append(try inner.readVarint()) }
        return out
    }

    /// Skips a field of `wireType`.
    mutating func skip(wireType: Int) throws(InputError) {
        switch wireType {
        case Self.varint: _ = try readVarint()
        case Self.fixed64: _ = try readFixed(UInt64.self)
        case Self.lengthDelimited: _ = try readLengthDelimited()
        case Self.fixed32: _ = try readFixed(UInt32.self)
        default: throw error("unsupported wire type \(wireType)")
        }
    }
}

/// Writes protocol-buffers fields (the inverse of `ProtobufReader`).
struct ProtobufWriter {
    /// The bytes written so far.
    private(set) var bytes: [UInt8] = []

    mutating func varint(_ v: UInt64) {
        var v = v
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7f) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func appendByte(_ b: UInt8) { bytes.append(b) }

    mutating func tag(_ field: Int, _ wireType: Int) { varint(UInt64(field) << 3 | UInt64(wireType)) }

    /// A varint field (omitted when 0, as proto3 does for defaults).
    mutating func varint(_ field: Int, _ v: UInt64) {
        guard v != 0 else { return }
        tag(field, ProtobufReader.varint)
        varint(v)
    }

    /// A length-delimited field.
    mutating func bytes(_ field: Int, _ b: [UInt8]) {
        tag(field, ProtobufReader.lengthDelimited)
        varint(UInt64(b.count))
        bytes += b
    }

    mutating func string(_ field: Int, _ s: String) { bytes(field, Array(s.utf8)) }

    /// A packed repeated varint field (omitted when empty).
    mutating func packed(_ field: Int, _ values: [UInt64]) {
        guard !values.isEmpty else { return }
        var inner = ProtobufWriter()
        for v in values { inner.varint(v) }
        bytes(field, inner.bytes)
    }

    /// `message` preceded by its length as a varint: how Chakra's encoder frames each message of an
    /// execution-trace file.
    mutating func delimited(_ message: [UInt8]) {
        varint(UInt64(message.count))
        bytes += message
    }
}
