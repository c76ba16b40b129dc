import InterlockCore

/// The link table (`--links OUT.csv`): one row per link direction, every link of the fabric, in
/// link-id order, upward (lower end to upper end) first.
public enum LinkTable {
    /// The CSV header line.
    public static let header = "link,from,to,tier,plane,rail,bytes,flows,utilization\n"

    /// Writes the header and one row a link direction to `out`, a record a row.
    public static func write(_ report: TrafficReport, to out: ByteWriter) {
        out.write(header)
        let loads = report.analysis.result.loads
        let fabric = report.analysis.result.fabric
        for i in loads.bytes.indices {
            let (l, up) = LinkLoads.link(ofIndex: i)
            let link = fabric.links[Int(l)]
            let (a, b) = up ? (link.lower, link.upper) : (link.upper, link.lower)
            out.write(Int(l))
            out.csvNextField(fabric.devices[Int(a)].name)
            out.csvNextField(fabric.devices[Int(b)].name)
            out.csvNextField(link.tier.description)
            out.csvNextField(link.plane.name)
            out.csvInt(fabric.rail(ofLink: l))
            out.write(byte: UInt8(ascii: ","))
            number(loads.bytes[i], to: out)
            out.csvInt(Int(loads.flows[i]))
            out.write(byte: UInt8(ascii: ","))
            out.write(report.analysis.utilization(i), decimals: 6)
            out.write(byte: UInt8(ascii: "\n"))
            out.recordEnd()
        }
    }

    /// Whole bytes as integers, fractions (fluid splits) with three decimals.
    static func number(_ v: Double, to out: ByteWriter) {
        if v == v.rounded() && abs(v) < 9e15 { out.write(Int(v)) } else { out.write(v, decimals: 3) }
    }
}
