/// A read-only view of one packet's captured bytes whose reads return `nil` when too few bytes remain,
/// instead of trapping: the shape every decoder here uses, so hostile input can only make a read fail.
///
/// Invariant: `base` points at `count` readable bytes for as long as the view is used (the record it
/// came from is valid until the reader's next call); `count >= 0`. Integers are read big-endian
/// (network order) unless the name says otherwise.
public struct PacketBytes {
    /// The first byte, or `nil` for an empty view.
    public let base: UnsafeRawPointer?
    /// How many bytes the view holds (0 when `base` is `nil`).
    public let count: Int

    /// A view of `count` bytes at `base`; a `nil` base or a negative count gives an empty view.
    @inlinable public init(base: UnsafeRawPointer?, count: Int) {
        self.base = base
        self.count = base == nil ? 0 : max(0, count)
    }

    /// A view of `buffer`'s bytes.
    @inlinable public init(_ buffer: UnsafeRawBufferPointer) {
        self.init(base: buffer.baseAddress, count: buffer.count)
    }

    /// Whether `length` bytes at `offset` are all inside the view.
    @inlinable @inline(__always) public func contains(_ offset: Int, _ length: Int) -> Bool {
        offset >= 0 && length >= 0 && offset <= count &- length
    }

    /// The byte at `offset`, or `nil` outside the view.
    @inlinable @inline(__always) public func u8(_ offset: Int) -> UInt8? {
        guard contains(offset, 1), let base else { return nil }
        return base.load(fromByteOffset: offset, as: UInt8.self)
    }

    /// The big-endian 16-bit integer at `offset`, or `nil` when it does not fit in the view.
    @inlinable @inline(__always) public func u16(_ offset: Int) -> UInt16? {
        guard contains(offset, 2), let base else { return nil }
        return UInt16(bigEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    /// The big-endian 32-bit integer at `offset`, or `nil` when it does not fit in the view.
    @inlinable @inline(__always) public func u32(_ offset: Int) -> UInt32? {
        guard contains(offset, 4), let base else { return nil }
        return UInt32(bigEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    /// The big-endian 64-bit integer at `offset`, or `nil` when it does not fit in the view.
    @inlinable @inline(__always) public func u64(_ offset: Int) -> UInt64? {
        guard contains(offset, 8), let base else { return nil }
        return UInt64(bigEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// A little-endian 16-bit integer (radiotap lengths, host-order pseudo-headers).
    @inlinable public func u16LittleEndian(_ offset: Int) -> UInt16? {
        guard contains(offset, 2), let base else { return nil }
        return UInt16(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    /// A 32-bit integer in the byte order of the host that wrote it (BSD loopback headers).
    @inlinable public func u32LittleEndian(_ offset: Int) -> UInt32? {
        guard contains(offset, 4), let base else { return nil }
        return UInt32(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    /// The bytes from `offset` to the end, or `nil` when `offset` is past the end.
    @inlinable @inline(__always) public func suffix(from offset: Int) -> PacketBytes? {
        guard contains(offset, 0), let base else { return nil }
        return PacketBytes(base: base + offset, count: count &- offset)
    }

    /// At most `length` bytes from the start (a header's length field bounding trailing padding).
    @inlinable @inline(__always) public func prefix(_ length: Int) -> PacketBytes {
        PacketBytes(base: base, count: min(count, max(0, length)))
    }

    /// The bytes as an array (for tests and reports; not for the hot path).
    public var array: [UInt8] {
        guard let base, count > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: base, count: count))
    }
}
