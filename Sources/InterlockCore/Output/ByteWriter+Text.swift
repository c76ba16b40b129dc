extension ByteWriter {
    /// Appends an IPv4 address held in `value` (most significant byte first) as a dotted quad,
    /// `10.0.0.1`, as `IPv4Address.description` writes it.
    public func write(dottedQuad value: UInt32) {
        for shift in stride(from: 24, through: 0, by: -8) {
            write(Int(value >> UInt32(shift) & 0xFF))
            if shift > 0 { bytes.append(UInt8(ascii: ".")) }
        }
    }

    /// Appends `count` spaces (none when `count` is not positive): the padding of aligned columns.
    public func write(spaces count: Int) {
        if count > 0 { bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: count)) }
    }

    /// Number of bytes not yet handed on (all of them for a collecting writer): where a column
    /// that is being padded began.
    public var count: Int { bytes.count }

    /// Appends every byte of `other` (a collecting writer, filled on another thread) and empties
    /// it, keeping its capacity; then hands the buffer on as `recordEnd()` does.
    public func take(_ other: ByteWriter) {
        other.bytes.withUnsafeBufferPointer { append($0) }
        other.bytes.removeAll(keepingCapacity: true)
        recordEnd()
    }
}
