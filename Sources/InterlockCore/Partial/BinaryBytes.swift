/// Little-endian fixed-width integers appended to a byte buffer: the body of a partial result.
public struct BinaryWriter: Sendable {
    /// The bytes written so far.
    public var bytes: [UInt8] = []

    /// An empty buffer.
    public init() {}

    /// Appends one byte.
    @inline(__always) public mutating func u8(_ v: UInt8) { bytes.append(v) }
    /// Appends a 16-bit value, least significant byte first.
    @inline(__always) public mutating func u16(_ v: UInt16) { append(UInt64(v), width: 2) }
    /// Appends a 32-bit value, least significant byte first.
    @inline(__always) public mutating func u32(_ v: UInt32) { append(UInt64(v), width: 4) }
    /// Appends a 64-bit value, least significant byte first.
    @inline(__always) public mutating func u64(_ v: UInt64) { append(v, width: 8) }
    /// Appends a signed 64-bit value as its two's complement bits.
    @inline(__always) public mutating func i64(_ v: Int64) { u64(UInt64(bitPattern: v)) }
    /// Appends a 64-bit float as its IEEE 754 bits.
    @inline(__always) public mutating func f64(_ v: Double) { u64(v.bitPattern) }
    /// Appends a length (32 bits) and the UTF-8 bytes of `text`.
    public mutating func string(_ text: String) {
        let utf8 = Array(text.utf8)
        u32(UInt32(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    @inline(__always) private mutating func append(_ v: UInt64, width: Int) {
        for i in 0..<width { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * i))) }
    }
}

/// Reads what `BinaryWriter` wrote, throwing `InputError` naming `file` past the end.
public struct BinaryReader: Sendable {
    /// The whole buffer.
    public let bytes: [UInt8]
    /// The next byte to read.
    public var offset: Int
    /// The file the bytes came from, for errors.
    public let file: String

    /// A reader of `bytes` from `offset`.
    public init(_ bytes: [UInt8], from offset: Int = 0, file: String) {
        self.bytes = bytes
        self.offset = offset
        self.file = file
    }

    /// Whether every byte has been read.
    public var atEnd: Bool { offset >= bytes.count }

    /// Reads one byte.
    @inline(__always) public mutating func u8() throws -> UInt8 { UInt8(try read(width: 1)) }
    /// Reads a 16-bit little-endian value.
    @inline(__always) public mutating func u16() throws -> UInt16 { UInt16(try read(width: 2)) }
    /// Reads a 32-bit little-endian value.
    @inline(__always) public mutating func u32() throws -> UInt32 { UInt32(try read(width: 4)) }
    /// Reads a 64-bit little-endian value.
    @inline(__always) public mutating func u64() throws -> UInt64 { try read(width: 8) }
    /// Reads a signed 64-bit value.
    @inline(__always) public mutating func i64() throws -> Int64 { Int64(bitPattern: try read(width: 8)) }
    /// Reads a 64-bit float.
    @inline(__always) public mutating func f64() throws -> Double { Double(bitPattern: try read(width: 8)) }
    /// Reads a length-prefixed UTF-8 string.
    public mutating func string() throws -> String {
        let count = Int(try u32())
        guard count <= bytes.count - offset else { throw truncated() }
        defer { offset += count }
        return String(decoding: bytes[offset..<offset + count], as: UTF8.self)
    }

    /// Skips `count` bytes.
    public mutating func skip(_ count: UInt64) throws {
        guard count <= UInt64(bytes.count - offset) else { throw truncated() }
        offset += Int(count)
    }

    /// The error for bytes that do not follow the format.
    public func malformed(_ what: String) -> InputError {
        InputError(file: file, "malformed partial result at byte \(offset): \(what)")
    }

    private func truncated() -> InputError {
        InputError(file: file, "truncated partial result: ends at byte \(bytes.count) inside a record")
    }

    @inline(__always) private mutating func read(width: Int) throws -> UInt64 {
        guard width <= bytes.count - offset else { throw truncated() }
        var v: UInt64 = 0
        for i in 0..<width { v |= UInt64(bytes[offset + i]) << (8 * i) }
        offset += width
        return v
    }
}
