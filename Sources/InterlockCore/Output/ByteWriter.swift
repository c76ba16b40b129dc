/// The bytes of a report, appended as UTF-8 into one buffer and handed to a sink in large pieces:
/// the writer behind the large outputs (text, CSV, TSV and JSON rows), with no per-field `String`
/// built and no `Character` iterated.
///
/// Callers append a record and then call `recordEnd()`, which hands the buffer on once it holds
/// `chunk` bytes or more; `finish()` hands on the rest. A writer made with `init()` keeps every byte
/// (`bytes`, `text`) for callers that want the whole report as a value. One writer, one thread.
public final class ByteWriter {
    /// The bytes not yet handed on (all of them for a collecting writer). Exclusivity is not checked
    /// at run time: a writer is used by one thread and never appends to itself while appending,
    /// and the check on every append cost a third of the time of a CSV row.
    @exclusivity(unchecked) public internal(set) var bytes: [UInt8] = []
    private let chunk: Int
    private let sink: ((UnsafeBufferPointer<UInt8>) -> Void)?
    /// For each open JSON array or object: whether it has no element yet.
    @exclusivity(unchecked) var jsonEmpty: [Bool] = []

    /// A writer handing its bytes to `sink` in pieces of about `chunk` bytes, cut between records.
    public init(chunk: Int = 1 << 20, sink: @escaping (UnsafeBufferPointer<UInt8>) -> Void) {
        self.chunk = chunk
        self.sink = sink
        bytes.reserveCapacity(chunk + chunk / 4)
    }

    /// A writer that keeps every byte.
    public init() {
        chunk = .max
        sink = nil
    }

    /// The bytes kept so far, as text.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Appends the UTF-8 bytes of `s`.
    @inlinable public func write(_ s: String) {
        var s = s
        s.withUTF8 { append($0) }
    }

    /// Appends the bytes of a literal.
    @inlinable public func write(_ s: StaticString) {
        s.withUTF8Buffer { append($0) }
    }

    /// Appends one byte.
    public func write(byte: UInt8) {
        bytes.append(byte)
    }

    /// Appends raw bytes.
    public func append(_ raw: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: raw)
    }

    /// Appends `byte` `count` times (nothing when `count` is 0 or less).
    public func write(repeating byte: UInt8, count: Int) {
        if count > 0 { bytes.append(contentsOf: repeatElement(byte, count: count)) }
    }

    /// Drops the spaces at the end of the bytes not yet handed on, but none before offset `start`.
    public func trimTrailingSpaces(downTo start: Int) {
        while bytes.count > start, bytes.last == UInt8(ascii: " ") { bytes.removeLast() }
    }

    /// Appends `v` in decimal (a `-` before a negative value), as `String(v)` writes it.
    public func write(_ v: Int) {
        ByteWriter.appendDecimal(v, width: 1, to: &bytes)
    }

    /// Appends `v` in decimal with zeros before it up to `width` digits.
    public func write(_ v: Int, width: Int) {
        ByteWriter.appendDecimal(v, width: width, to: &bytes)
    }

    /// Appends `v` in decimal, zero-padded to `width` digits, without building a `String`.
    static func appendDecimal(_ v: Int, width: Int, to out: inout [UInt8]) {
        if v < 0 { out.append(UInt8(ascii: "-")) }
        appendDecimal(UInt64(v.magnitude), width: width, to: &out)
    }

    /// Appends `v` in decimal, zero-padded to `width` digits.
    static func appendDecimal(_ v: UInt64, width: Int, to out: inout [UInt8]) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var count = 0
        var value = v
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[23 - count] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
                count += 1
            } while value > 0
            if width > count { out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width - count)) }
            out.append(contentsOf: d[(24 - count)...])
        }
    }

    /// Appends `v` in fixed point with `decimals` decimals (`nan`, `inf`, `-inf` when not finite), as
    /// `Units.fixed(_:decimals:)` writes it, without building a `String`.
    public func write(_ v: Double, decimals: Int) {
        ByteWriter.appendFixed(v, decimals: decimals, to: &bytes)
    }

    /// Appends `v` rounded to `decimals` decimals, the whole part and the fraction in decimal.
    static func appendFixed(_ v: Double, decimals: Int, to out: inout [UInt8]) {
        guard v.isFinite else {
            out += (v.isNaN ? "nan" : v < 0 ? "-inf" : "inf").utf8
            return
        }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(v) * scale).rounded()
        if v < 0 && scaled != 0 { out.append(UInt8(ascii: "-")) }
        let whole = UInt64(scaled / scale)
        appendDecimal(whole, width: 1, to: &out)
        if decimals > 0 {
            out.append(UInt8(ascii: "."))
            appendDecimal(UInt64(scaled - Double(whole) * scale), width: decimals, to: &out)
        }
    }

    /// Marks the end of a record: hands the buffer on once it holds `chunk` bytes or more.
    public func recordEnd() {
        if bytes.count >= chunk { flush() }
    }

    /// Hands every byte not yet handed on to the sink (a collecting writer keeps them).
    public func finish() {
        flush()
    }

    private func flush() {
        guard let sink, !bytes.isEmpty else { return }
        bytes.withUnsafeBufferPointer(sink)
        bytes.removeAll(keepingCapacity: true)
    }
}
