import InterlockCore

/// Formatting of capture timestamps (nanoseconds since the Unix epoch), without Foundation.
public enum Timestamp {
    /// RFC 3339 in UTC with nanoseconds: `2024-01-01T00:00:00.000100000Z`.
    public static func rfc3339(_ ns: Int64) -> String {
        let out = ByteWriter()
        write(rfc3339: ns, to: out)
        return out.text
    }

    /// Appends `rfc3339(ns)` to `out`, without building a `String`.
    public static func write(rfc3339 ns: Int64, to out: ByteWriter) {
        var seconds = ns / 1_000_000_000
        var fraction = ns % 1_000_000_000
        if fraction < 0 {
            fraction += 1_000_000_000
            seconds -= 1
        }
        var days = seconds / 86_400
        var rem = seconds % 86_400
        if rem < 0 {
            rem += 86_400
            days -= 1
        }
        // Civil date from days since 1970-01-01 (proleptic Gregorian; H. Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        out.write(Int(year), width: 4)
        out.write(byte: UInt8(ascii: "-"))
        out.write(Int(month), width: 2)
        out.write(byte: UInt8(ascii: "-"))
        out.write(Int(day), width: 2)
        out.write(byte: UInt8(ascii: "T"))
        out.write(Int(rem / 3600), width: 2)
        out.write(byte: UInt8(ascii: ":"))
        out.write(Int(rem / 60 % 60), width: 2)
        out.write(byte: UInt8(ascii: ":"))
        out.write(Int(rem % 60), width: 2)
        out.write(byte: UInt8(ascii: "."))
        out.write(Int(fraction), width: 9)
        out.write(byte: UInt8(ascii: "Z"))
    }
}
