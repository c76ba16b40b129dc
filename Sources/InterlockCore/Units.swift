/// Parsing and printing of the quantities users type and read: byte sizes, bit rates, durations.
public enum Units {
    /// Parses a byte size: a number with an optional binary (`KiB`, `MiB`, `GiB`, `TiB`) or decimal
    /// (`KB`, `MB`, `GB`, `TB`) suffix, or `B`. `1GiB` = 2^30 bytes, `1GB` = 10^9 bytes.
    public static func parseBytes(_ text: String) -> Double? {
        let kib = 1024.0
        let mib = kib * 1024
        let gib = mib * 1024
        let tib = gib * 1024
        let table: [(String, Double)] = [
            ("KiB", kib), ("MiB", mib), ("GiB", gib), ("TiB", tib), ("KB", 1e3), ("MB", 1e6), ("GB", 1e9),
            ("TB", 1e12), ("K", kib), ("M", mib), ("G", gib), ("T", tib), ("B", 1), ("", 1),
        ]
        return parse(text, table)
    }

    /// Parses a bit rate in bits per second: `400Gb/s`, `3.2Tb/s`, `100Mb/s`, `400G` (Gb/s), or a bare
    /// number of Gb/s.
    public static func parseRate(_ text: String) -> Double? {
        let table: [(String, Double)] = [
            ("Tb/s", 1e12), ("Gb/s", 1e9), ("Mb/s", 1e6), ("Kb/s", 1e3), ("b/s", 1),
            ("Tbps", 1e12), ("Gbps", 1e9), ("Mbps", 1e6), ("T", 1e12), ("G", 1e9), ("M", 1e6), ("", 1e9),
        ]
        return parse(text, table)
    }

    /// Parses a duration in seconds: `10ms`, `1.5s`, `250us`, `2m`, `100ns`.
    public static func parseDuration(_ text: String) -> Double? {
        let table: [(String, Double)] = [
            ("ns", 1e-9), ("us", 1e-6), ("µs", 1e-6), ("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3600),
        ]
        return parse(text, table)
    }

    private static func parse(_ text: String, _ table: [(String, Double)]) -> Double? {
        let t = text.trimmingWhitespace()
        for (suffix, scale) in table where t.hasSuffix(suffix) {
            let number = t.dropLast(suffix.count).trimmingWhitespace()
            if let v = Double(number), v.isFinite, v >= 0 { return v * scale }
            if !suffix.isEmpty { continue }
        }
        return nil
    }

    /// `1.50 GiB`, `512 B`: binary units, three significant figures.
    public static func formatBytes(_ bytes: Double) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var v = bytes
        var i = 0
        while abs(v) >= 1024 && i < units.count - 1 {
            v /= 1024
            i += 1
        }
        return i == 0 ? "\(Int(v)) B" : "\(significant(v)) \(units[i])"
    }

    /// `400 Gb/s`, `3.20 Tb/s`: decimal bit-rate units.
    public static func formatRate(bitsPerSecond: Double) -> String {
        let units = ["b/s", "Kb/s", "Mb/s", "Gb/s", "Tb/s", "Pb/s"]
        var v = bitsPerSecond
        var i = 0
        while abs(v) >= 1000 && i < units.count - 1 {
            v /= 1000
            i += 1
        }
        return "\(significant(v)) \(units[i])"
    }

    /// `12.3 ms`, `1.20 s`, `850 µs`.
    public static func formatDuration(seconds: Double) -> String {
        switch abs(seconds) {
        case 0: return "0 s"
        case ..<1e-6: return "\(significant(seconds * 1e9)) ns"
        case ..<1e-3: return "\(significant(seconds * 1e6)) µs"
        case ..<1: return "\(significant(seconds * 1e3)) ms"
        default: return "\(significant(seconds)) s"
        }
    }

    /// `1.2M`, `34.5k`, `999`: counts with SI suffixes.
    public static func formatCount(_ n: Double) -> String {
        switch abs(n) {
        case ..<1e3: return String(Int(n))
        case ..<1e6: return "\(significant(n / 1e3))k"
        case ..<1e9: return "\(significant(n / 1e6))M"
        default: return "\(significant(n / 1e9))G"
        }
    }

    /// A percentage with one decimal: `42.0%`.
    public static func formatPercent(_ fraction: Double) -> String {
        fixed(fraction * 100, decimals: 1) + "%"
    }

    /// Three significant figures without exponent notation: `1.23`, `12.3`, `123`.
    public static func significant(_ v: Double) -> String {
        let a = abs(v)
        let decimals = a >= 100 ? 0 : a >= 10 ? 1 : 2
        return fixed(v, decimals: decimals)
    }

    /// Fixed-point text with the given number of decimals, without Foundation (the bytes
    /// `ByteWriter.write(_:decimals:)` writes).
    public static func fixed(_ v: Double, decimals: Int) -> String {
        var out: [UInt8] = []
        ByteWriter.appendFixed(v, decimals: decimals, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}

/// Whitespace trimming for readers of line-based text (ClassBench files, annotation lists), without
/// Foundation.
extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and newlines.
    public func trimmingWhitespace() -> Substring {
        let s = self[...]
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let start = s.firstIndex(where: { !isSpace($0) }) else { return Substring("") }
        let end = s.lastIndex(where: { !isSpace($0) })!
        return Substring(s[start...end])
    }
}
