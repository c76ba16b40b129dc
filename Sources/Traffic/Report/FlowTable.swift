import Fabric
import InterlockCore

/// The flow table (`--flows OUT.csv`): one CSV row per flow, formatted straight into bytes.
///
/// Columns: `job,source_rank,destination_rank,source,destination,source_ip,source_port,
/// destination_ip,destination_port,protocol,destination_qp,bytes,plane,channel,hops,path`, then one
/// `verdict` column per policy state (`verdict`, or `verdict_before,verdict_after`). `path` is the
/// link ids the flow crosses, separated by spaces (empty when unroutable, `fluid` when split over
/// every equal-cost path). Ranks are global; a storage server has rank -1.
public final class FlowTable: Sendable {
    let jobNames: [[UInt8]]
    let deviceNames: [[UInt8]]
    let verdictColumns: [String]

    /// The table's format for a run: job and device names from `placement` and `fabric`, and one
    /// verdict column per name in `verdictColumns`.
    public init(fabric: FabricGraph, placement: JobPlacement, verdictColumns: [String]) {
        jobNames = placement.jobs.map { Array(CSV.field($0.name).utf8) }
        deviceNames = fabric.devices.map { Array(CSV.field($0.name).utf8) }
        self.verdictColumns = verdictColumns
    }

    /// The header line.
    public var header: String {
        ([
            "job", "source_rank", "destination_rank", "source", "destination", "source_ip", "source_port",
            "destination_ip", "destination_port", "protocol", "destination_qp", "bytes", "plane", "channel", "hops",
            "path",
        ]
            + verdictColumns).joined(separator: ",") + "\n"
    }

    /// Appends one row; `path` nil means a fluid split over paths of `hops` links.
    func append(_ f: FlowRecord, path: [LinkID]?, hops: Int, verdicts: [FlowVerdict], to out: inout [UInt8]) {
        let comma = UInt8(ascii: ",")
        let job = f.sourceJob >= 0 ? f.sourceJob : f.destinationJob
        if job >= 0 { out += jobNames[Int(job)] }
        out.append(comma)
        FlowTable.number(Int(f.sourceRank), &out)
        out.append(comma)
        FlowTable.number(Int(f.destinationRank), &out)
        out.append(comma)
        out += deviceNames[Int(f.source)]
        out.append(comma)
        out += deviceNames[Int(f.destination)]
        out.append(comma)
        FlowTable.address(f.key.source, &out)
        out.append(comma)
        FlowTable.number(Int(f.key.sourcePort), &out)
        out.append(comma)
        FlowTable.address(f.key.destination, &out)
        out.append(comma)
        FlowTable.number(Int(f.key.destinationPort), &out)
        out.append(comma)
        out += IPProtocol(rawValue: f.key.proto).description.utf8
        out.append(comma)
        FlowTable.number(Int(f.key.destinationQP), &out)
        out.append(comma)
        FlowTable.number(Int(f.bytes), &out)
        out.append(comma)
        out += f.plane.name.utf8
        out.append(comma)
        FlowTable.number(Int(f.channel), &out)
        out.append(comma)
        FlowTable.number(hops, &out)
        out.append(comma)
        if let path {
            for (i, l) in path.enumerated() {
                if i > 0 { out.append(UInt8(ascii: " ")) }
                FlowTable.number(Int(l), &out)
            }
        } else {
            out += "fluid".utf8
        }
        for v in verdicts {
            out.append(comma)
            out += v.description.utf8
        }
        out.append(UInt8(ascii: "\n"))
    }

    static func number(_ n: Int, _ out: inout [UInt8]) {
        if n < 0 {
            out.append(UInt8(ascii: "-"))
            number(-n, &out)
            return
        }
        if n >= 10 { number(n / 10, &out) }
        out.append(UInt8(ascii: "0") + UInt8(n % 10))
    }

    static func address(_ a: UInt32, _ out: inout [UInt8]) {
        for shift in [24, 16, 8, 0] {
            number(Int((a >> UInt32(shift)) & 0xFF), &out)
            if shift > 0 { out.append(UInt8(ascii: ".")) }
        }
    }
}
