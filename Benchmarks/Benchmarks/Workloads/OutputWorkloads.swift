import Foundation
import InterlockCore

/// Writing a report through `ByteWriter` against `cat` of a file of the same size: the issue's
/// "output at memory speed" figure (≥ 2 M records/s for a 10-field CSV row).
public enum OutputWorkloads {
    /// Job names as the tool meets them: most bare, some with a comma or quotes (RFC 4180 quotes
    /// those, doubling the quotes).
    static let names = ["train-llama-70b", "eval, nightly", "say \"hi\" job", "data/loader", "inference-ü"]

    /// Writes `records` 10-field CSV rows (three strings, four integers, three doubles with 3 and
    /// 6 decimals as the link table writes bytes and utilization) to `path` through a `ByteWriter`
    /// handing 1 MiB pieces to `write(2)`; returns the records written.
    @discardableResult
    public static func writeCSV(records: Int, to path: String) -> Int {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        precondition(fd >= 0, "cannot open \(path)")
        defer { close(fd) }
        let out = ByteWriter { piece in
            var at = piece.baseAddress!
            var left = piece.count
            while left > 0 {
                let n = write(fd, at, left)
                precondition(n > 0, "cannot write \(path)")
                at += n
                left -= n
            }
        }
        for i in 0..<records {
            out.csvField(names[i % names.count])
            out.csvNextField(names[(i / 5) % names.count])
            out.csvNextField(names[(i / 25) % names.count])
            out.csvInt(i)
            out.csvInt(i &* 7919 % 1_000_003)
            out.csvInt(-(i % 4096))
            out.csvInt(i &* 1_048_576)
            out.write(byte: UInt8(ascii: ","))
            out.write(Double(i) * 1.5, decimals: 3)
            out.write(byte: UInt8(ascii: ","))
            out.write(Double(i % 1000) / 1000, decimals: 6)
            out.write(byte: UInt8(ascii: ","))
            out.write(Double(i) / 3, decimals: 6)
            out.write(byte: UInt8(ascii: "\n"))
            out.recordEnd()
        }
        out.finish()
        return records
    }

    /// `records` rows through `ByteWriter` to a file, against `cat` of the file written to
    /// `/dev/null` (in its CPU time), both in records per second.
    public static func csvComparison(records: Int = 2_000_000) -> Comparison {
        let path = NSTemporaryDirectory() + "interlock-bench-csv-\(records).csv"
        writeCSV(records: records, to: path)
        return Comparison(
            title: "CSV rows, 10 fields (\(records / 1_000_000)M)",
            subject: Workload(name: "ByteWriter → file", unit: "rec") { writeCSV(records: records, to: path) },
            baseline: Workload.tool("cat the same bytes", ["cat", path], items: records, unit: "rec"))
    }
}
