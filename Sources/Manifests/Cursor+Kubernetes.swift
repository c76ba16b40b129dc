import Documents
import InterlockCore

/// A Kubernetes `IntOrString`: a port number or an IANA service name.
public enum IntOrName: Hashable, Sendable, CustomStringConvertible {
    /// A port number.
    case number(Int)
    /// A port name, resolved against the destination's container ports.
    case name(String)

    /// Whether `name` is a valid port name, an IANA_SVC_NAME as the API server checks it
    /// (k8s.io/apimachinery/pkg/util/validation `IsValidPortName`, RFC 6335 §5.1): at most 15
    /// characters, lowercase letters, digits and `-` only, at least one letter, and no `-` at either end
    /// or next to another.
    public static func isValidPortName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...15).contains(bytes.count), bytes.first != UInt8(ascii: "-"), bytes.last != UInt8(ascii: "-")
        else { return false }
        let lower = UInt8(ascii: "a")...UInt8(ascii: "z")
        let allowed = bytes.allSatisfy { lower.contains($0) || (0x30...0x39).contains($0) || $0 == UInt8(ascii: "-") }
        return allowed && bytes.contains { lower.contains($0) } && !name.contains("--")
    }

    /// The number or the name, as written.
    public var description: String {
        switch self {
        case .number(let n): return String(n)
        case .name(let s): return s
        }
    }
}

/// Typed reads of the value shapes Kubernetes objects use: ports, protocols, `IntOrString`.
extension Cursor {
    /// Reads an `IntOrString` the way Kubernetes does: a plain integer is a number, anything else a
    /// name (`"80"` quoted is the name "80", which no port can have, so it is rejected).
    public func intOrName() throws(InputError) -> IntOrName {
        guard case .scalar(let s) = node, !s.isNull else { throw error("expected a port number or name") }
        if s.isPlain, let n = Int(s.text) { return .number(n) }
        guard !s.text.isEmpty, s.text.contains(where: { $0.isLetter }) else {
            throw error("port name '\(InputError.excerpt(s.text))' must contain a letter (a number must not be quoted)")
        }
        return .name(s.text)
    }

    /// A port number in 1...65535 (`what` names the field in the message).
    public func port(_ what: String = "port") throws(InputError) -> UInt16 {
        let n = try int()
        guard (1...65535).contains(n) else { throw error("\(what) \(n) is outside 1-65535") }
        return UInt16(n)
    }

    /// A protocol name as Kubernetes writes it (`TCP`, `UDP`, `SCTP`), defaulting to TCP when absent.
    public func policyProtocol(_ key: String = "protocol") throws(InputError) -> IPProtocol {
        guard let p = optional(key) else { return .tcp }
        let text = try p.string()
        switch text {
        case "TCP": return .tcp
        case "UDP": return .udp
        case "SCTP": return .sctp
        default: throw p.error("protocol must be TCP, UDP or SCTP (got '\(InputError.excerpt(text))')")
        }
    }

    /// A list of strings; null or absent reads as empty.
    public func stringArray(_ key: String) throws(InputError) -> [String] {
        guard let v = optional(key) else { return [] }
        var out: [String] = []
        for item in try v.array() { out.append(try item.string()) }
        return out
    }

    /// A CIDR under `key`, with a message naming the field on failure.
    public func cidr() throws(InputError) -> CIDR {
        let text = try string()
        guard let c = CIDR(text) else { throw error("invalid CIDR '\(InputError.excerpt(text))'") }
        return c
    }
}
