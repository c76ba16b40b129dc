import InterlockCore

/// Decimal numbers and dotted quads stored at a pointer as UTF-8 text, without `String`, Foundation
/// or a call per byte: the writers of `acl match`'s lines build them this way.
///
/// Stores go by whole words, so a writer may store up to `slack` bytes past the text it writes.
/// Callers write left to right into a buffer with `slack` bytes of room after its last line, so
/// that what one store spills is overwritten by the next.
final class ByteText: Sendable {
    /// The most bytes a store may reach past the text written.
    static let slack = 32

    /// For each of 0...99, its two ASCII digits (tens first in memory).
    private let pairs: OwnedBuffer<UInt16>
    /// For each octet value, its digits and a `.`, first digit in the lowest byte.
    private let octets: OwnedBuffer<UInt32>
    /// For each octet value, the number of its digits.
    private let octetDigits: OwnedBuffer<UInt8>

    init() {
        pairs = OwnedBuffer(
            (0..<100).map { (v: Int) -> UInt16 in
                let tens = UInt16(0x30 + v / 10)
                let ones = UInt16(0x30 + v % 10)
                return tens | ones << 8
            })
        octets = OwnedBuffer(
            (0..<256).map { (v: Int) -> UInt32 in
                let digits = Array(String(v).utf8) + [UInt8(ascii: ".")]
                return digits.enumerated().reduce(0) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
            })
        octetDigits = OwnedBuffer((0..<256).map { UInt8(String($0).utf8.count) })
    }

    /// The number of decimal digits of `v`.
    @inline(__always)
    static func digitCount(_ v: UInt32) -> Int {
        var n = 1
        var bound: UInt64 = 10
        while UInt64(v) >= bound && n < 10 {
            n += 1
            bound &*= 10
        }
        return n
    }

    /// Stores `v` in decimal at `p`; returns the number of bytes written (nothing spills).
    @inline(__always)
    func decimal(_ v: UInt32, at p: UnsafeMutablePointer<UInt8>) -> Int {
        let count = Self.digitCount(v)
        var rest = v
        var end = count
        let raw = UnsafeMutableRawPointer(p)
        while end >= 2 {
            raw.storeBytes(of: pairs[Int(rest % 100)], toByteOffset: end - 2, as: UInt16.self)
            rest /= 100
            end -= 2
        }
        if end == 1 { p[0] = 0x30 &+ UInt8(truncatingIfNeeded: rest) }
        return count
    }

    /// Stores the IPv4 address `v` (most significant byte first) as a dotted quad, `10.0.0.1`, at
    /// `p`; returns the number of bytes of the quad (one more may spill).
    @inline(__always)
    func dottedQuad(_ v: UInt32, at p: UnsafeMutablePointer<UInt8>) -> Int {
        let raw = UnsafeMutableRawPointer(p)
        var at = 0
        @inline(__always) func octet(_ shift: UInt32) {
            let octet = Int(v >> shift & 0xFF)
            raw.storeBytes(of: octets[octet], toByteOffset: at, as: UInt32.self)
            at += Int(octetDigits[octet]) + 1
        }
        octet(24)
        octet(16)
        octet(8)
        octet(0)
        return at - 1
    }

    /// Stores 16 spaces at `p`.
    @inline(__always)
    static func spaces16(at p: UnsafeMutablePointer<UInt8>) {
        let raw = UnsafeMutableRawPointer(p)
        raw.storeBytes(of: 0x2020_2020_2020_2020 as UInt64, toByteOffset: 0, as: UInt64.self)
        raw.storeBytes(of: 0x2020_2020_2020_2020 as UInt64, toByteOffset: 8, as: UInt64.self)
    }
}

/// Short byte strings, each at a fixed stride (a multiple of 8, with room to spare), copied a word
/// at a time: what a line repeats (the literal pieces of a JSON line, a protocol's column, what
/// ends the line of each rule).
final class ByteStrings: Sendable {
    private let bytes: OwnedBuffer<UInt8>
    private let lengths: OwnedBuffer<Int32>
    private let stride: Int
    /// The longest string's length.
    let longest: Int

    init(_ strings: [[UInt8]]) {
        let longest = strings.map(\.count).max() ?? 0
        let stride = (longest / 8 + 1) * 8
        self.longest = longest
        self.stride = stride
        let padded = strings.flatMap { $0 + [UInt8](repeating: 0, count: stride - $0.count) }
        bytes = OwnedBuffer(padded)
        lengths = OwnedBuffer(strings.map { Int32($0.count) })
    }

    /// Stores string `i` at `p`; returns its length (up to 7 more bytes may spill, within `slack`).
    @inline(__always)
    func copy(_ i: Int, to p: UnsafeMutablePointer<UInt8>) -> Int {
        let count = Int(lengths[i])
        let from = UnsafeRawPointer(bytes.baseAddress + i * stride)
        let to = UnsafeMutableRawPointer(p)
        var at = 0
        while at < count {
            to.storeBytes(
                of: from.loadUnaligned(fromByteOffset: at, as: UInt64.self), toByteOffset: at, as: UInt64.self)
            at += 8
        }
        return count
    }
}
