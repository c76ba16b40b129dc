/// A JSON value for building machine-readable output with a fixed key order.
///
/// Objects keep the order in which keys were given, so that output is deterministic; callers sort
/// where order carries no meaning. Serialization writes bytes directly (Foundation's encoder is
/// slow on large outputs).
public indirect enum JSON: Sendable, Equatable {
    /// The JSON `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// An integer, written without a fraction or exponent.
    case int(Int)
    /// A floating-point number.
    case double(Double)
    /// A string, escaped when serialized.
    case string(String)
    /// An array, in the given order.
    case array([JSON])
    /// An object: its keys and values in the order they will be written. Keys are not deduplicated.
    case object([(String, JSON)])

    /// Structural equality; objects are equal only with the same keys in the same order (and `.int(1)` is not
    /// `.double(1)`).
    public static func == (lhs: JSON, rhs: JSON) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.double(let a), .double(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// The value as text; `pretty` indents by two spaces per level and ends with a newline.
    public func serialized(pretty: Bool = true) -> String {
        var bytes: [UInt8] = []
        write(into: &bytes, pretty: pretty, depth: 0)
        if pretty { bytes.append(UInt8(ascii: "\n")) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The same text as `serialized(pretty:)`, handed to `emit` in pieces of about `chunk` bytes
    /// (cut between elements) as they are complete, so that a large document is never held whole.
    public func serialize(pretty: Bool = true, chunk: Int = 1 << 20, emit: (UnsafeBufferPointer<UInt8>) -> Void) {
        var bytes: [UInt8] = []
        write(into: &bytes, pretty: pretty, depth: 0) { out in
            guard out.count >= chunk else { return }
            out.withUnsafeBufferPointer(emit)
            out.removeAll(keepingCapacity: true)
        }
        if pretty { bytes.append(UInt8(ascii: "\n")) }
        bytes.withUnsafeBufferPointer(emit)
    }

    /// Appends the serialized value to `out`.
    public func write(into out: inout [UInt8], pretty: Bool, depth: Int) {
        write(into: &out, pretty: pretty, depth: depth) { _ in }
    }

    /// Appends the serialized value to `out`, offering `out` to `drain` after each array element and
    /// object field (where `serialize` may hand it on and empty it).
    private func write(into out: inout [UInt8], pretty: Bool, depth: Int, drain: (inout [UInt8]) -> Void) {
        switch self {
        case .null: out += "null".utf8
        case .bool(let b): out += (b ? "true" : "false").utf8
        case .int(let i): ByteWriter.appendDecimal(i, width: 1, to: &out)
        case .double(let d): JSON.writeNumber(d, into: &out)
        case .string(let s): JSON.writeString(s, into: &out)
        case .array(let items):
            if items.isEmpty {
                out += "[]".utf8
                return
            }
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                if pretty { JSON.newline(&out, depth + 1) }
                item.write(into: &out, pretty: pretty, depth: depth + 1, drain: drain)
                drain(&out)
            }
            if pretty { JSON.newline(&out, depth) }
            out.append(UInt8(ascii: "]"))
        case .object(let fields):
            if fields.isEmpty {
                out += "{}".utf8
                return
            }
            out.append(UInt8(ascii: "{"))
            for (i, (key, value)) in fields.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                if pretty { JSON.newline(&out, depth + 1) }
                JSON.writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                if pretty { out.append(UInt8(ascii: " ")) }
                value.write(into: &out, pretty: pretty, depth: depth + 1, drain: drain)
                drain(&out)
            }
            if pretty { JSON.newline(&out, depth) }
            out.append(UInt8(ascii: "}"))
        }
    }

    static func newline(_ out: inout [UInt8], _ depth: Int) {
        out.append(UInt8(ascii: "\n"))
        for _ in 0..<depth { out += [UInt8(ascii: " "), UInt8(ascii: " ")] }
    }

    /// Appends a JSON string literal with the escapes RFC 8259 requires. Runs of bytes that need no
    /// escape are copied whole (large reports are mostly such runs).
    public static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { bytes in
            var run = 0
            for i in bytes.indices {
                let byte = bytes[i]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i]))
                writeEscape(byte, into: &out)
                run = i + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...]))
        }
        out.append(UInt8(ascii: "\""))
    }

    /// The escape of a quote, a backslash or a control character.
    private static func writeEscape(_ byte: UInt8, into out: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
        case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
        case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
        case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
        case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
        default:
            let hex = Array("0123456789abcdef".utf8)
            out += "\\u00".utf8
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0xF)])
        }
    }

    /// Appends a number; integral values print without a fraction, non-finite ones as `null`.
    public static func writeNumber(_ d: Double, into out: inout [UInt8]) {
        guard d.isFinite else {
            out += "null".utf8
            return
        }
        if d == d.rounded(), abs(d) < 9e15 {
            out += String(Int64(d)).utf8
        } else {
            out += d.description.utf8
        }
    }
}

extension JSON: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByFloatLiteral
{
    /// A string literal is a `.string`.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An integer literal is an `.int`.
    public init(integerLiteral value: Int) { self = .int(value) }
    /// A Boolean literal is a `.bool`.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// A floating-point literal is a `.double`.
    public init(floatLiteral value: Double) { self = .double(value) }
    /// An array literal is an `.array` of its elements in order.
    public init(arrayLiteral elements: JSON...) { self = .array(elements) }
    /// A dictionary literal is an `.object` that keeps the order written.
    public init(dictionaryLiteral elements: (String, JSON)...) { self = .object(elements) }
}
