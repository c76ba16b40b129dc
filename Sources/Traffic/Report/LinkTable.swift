import InterlockCore

/// The link table (`--links OUT.csv`): one row per link direction, every link of the fabric, in
/// link-id order, upward (lower end to upper end) first.
public enum LinkTable {
    /// The CSV header line.
    public static let header = "link,from,to,tier,plane,rail,bytes,flows,utilization\n"

    /// Calls `write` with the header and then blocks of rows.
    public static func write(_ report: TrafficReport, _ write: (String) -> Void) {
        write(header)
        let loads = report.analysis.result.loads
        var block = ""
        for i in loads.bytes.indices {
            let d = report.direction(i)
            block += CSV.row([
                String(d.link), d.from, d.to, d.tier, d.plane, d.rail, number(loads.bytes[i]),
                String(loads.flows[i]), Units.fixed(report.analysis.utilization(i), decimals: 6),
            ])
            block += "\n"
            if block.utf8.count > 1 << 16 {
                write(block)
                block = ""
            }
        }
        write(block)
    }

    /// Whole bytes as integers, fractions (fluid splits) with three decimals.
    static func number(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 9e15 ? String(Int64(v)) : Units.fixed(v, decimals: 3)
    }
}
