/// Slurm hostlist expressions: `dgx[0001-0032,0040]`, `rack[1-2]-node[01-04]`, `a,b[1-3]`.
///
/// Expansion follows Slurm: every bracket group is a comma list of numbers or `lo-hi` ranges,
/// zero-padded to the width written for the lower bound; several groups form a cartesian product,
/// leftmost varying slowest; top-level commas separate independent expressions.
public enum Hostlist {
    /// Expands an expression to host names in order, or throws a message naming the fault.
    public static func expand(_ expression: String) throws(HostlistError) -> [String] {
        var result: [String] = []
        for part in try splitTopLevel(expression) {
            result += try expandOne(Substring(part))
        }
        return result
    }

    /// Compresses names into a hostlist expression: names sharing a prefix and a trailing number
    /// of the same width are folded into one bracket group. The inverse of `expand` for such lists.
    public static func compress(_ names: [String]) -> String {
        var groups: [(prefix: String, width: Int, numbers: [Int])] = []
        var out: [String] = []
        func flush() {
            for g in groups {
                if g.numbers.count == 1 {
                    out.append(g.prefix + pad(g.numbers[0], g.width))
                    continue
                }
                var ranges: [String] = []
                var start = g.numbers[0]
                var prev = start
                for n in g.numbers.dropFirst() + [Int.min] {
                    if n == prev + 1 {
                        prev = n
                        continue
                    }
                    ranges.append(start == prev ? pad(start, g.width) : "\(pad(start, g.width))-\(pad(prev, g.width))")
                    start = n
                    prev = n
                }
                out.append("\(g.prefix)[\(ranges.joined(separator: ","))]")
            }
            groups.removeAll()
        }
        for name in names {
            let digits = name.reversed().prefix { $0.isASCII && $0.isNumber }.count
            guard digits > 0, let n = Int(name.suffix(digits)) else {
                flush()
                out.append(name)
                continue
            }
            let prefix = String(name.dropLast(digits))
            if let last = groups.last, last.prefix == prefix, last.width == digits {
                groups[groups.count - 1].numbers.append(n)
            } else {
                flush()
                groups.append((prefix, digits, [n]))
            }
        }
        flush()
        return out.joined(separator: ",")
    }

    private static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    private static func splitTopLevel(_ s: String) throws(HostlistError) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        for ch in s {
            switch ch {
            case "[":
                depth += 1
                current.append(ch)
            case "]":
                depth -= 1
                guard depth >= 0 else { throw HostlistError("unbalanced ']' in hostlist '\(s)'") }
                current.append(ch)
            case "," where depth == 0:
                parts.append(current)
                current = ""
            case " ", "\t": continue
            default:
                guard depth == 0 || ch.isNumber || ch == "-" || ch == "," else {
                    throw HostlistError("unexpected '\(ch)' inside brackets in hostlist '\(s)'")
                }
                current.append(ch)
            }
        }
        guard depth == 0 else { throw HostlistError("unbalanced '[' in hostlist '\(s)'") }
        parts.append(current)
        if parts.contains(where: \.isEmpty) { throw HostlistError("empty name in hostlist '\(s)'") }
        return parts
    }

    private static func expandOne(_ s: Substring) throws(HostlistError) -> [String] {
        guard let open = s.firstIndex(of: "[") else { return [String(s)] }
        guard let close = s[open...].firstIndex(of: "]") else {
            throw HostlistError("unbalanced '[' in hostlist '\(s)'")
        }
        let prefix = String(s[..<open])
        let rest = try expandOne(s[s.index(after: close)...])
        var numbers: [String] = []
        for item in s[s.index(after: open)..<close].split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = item.split(separator: "-", omittingEmptySubsequences: false)
            guard (1...2).contains(bounds.count), let lo = Int(bounds[0]) else {
                throw HostlistError("bad range '\(item)' in hostlist '\(s)'")
            }
            let width = bounds[0].count
            let hi = bounds.count == 2 ? Int(bounds[1]) : lo
            guard let hi, hi >= lo else { throw HostlistError("bad range '\(item)' in hostlist '\(s)'") }
            guard hi - lo < 10_000_000 else { throw HostlistError("range '\(item)' is too large") }
            for n in lo...hi { numbers.append(pad(n, width)) }
        }
        var result: [String] = []
        result.reserveCapacity(numbers.count * rest.count)
        for n in numbers {
            for r in rest { result.append(prefix + n + r) }
        }
        return result
    }
}

/// Why a hostlist expression could not be expanded.
public struct HostlistError: Error, CustomStringConvertible, Sendable {
    /// What is wrong with the expression, in one line.
    public let description: String
    init(_ description: String) { self.description = description }
}
