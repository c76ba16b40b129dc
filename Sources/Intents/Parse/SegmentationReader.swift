import Documents
import InterlockCore

/// Reads `kind: FabricSegmentation` documents: InfiniBand partitions and Ethernet VRFs.
///
/// ```yaml
/// apiVersion: interlock.dev/v1
/// kind: FabricSegmentation
/// metadata: {name: tenants}
/// spec:
///   defaultPartition: limited          # full (OpenSM's default) | limited
///   partitions:
///   - {name: llm, pkey: 0x0001, members: [{nodes: "dgx[0001-0016]", membership: full}]}
///   vrfs:
///   - {name: tenant-a, vlan: 100, plane: compute, members: [{nodes: "dgx[0001-0008]", rails: [0, 1]}]}
/// ```
enum SegmentationReader {
    static let kind = "FabricSegmentation"

    static func read(_ c: Cursor, into seg: inout FabricSegmentation) throws(InputError) {
        try c.rejectUnknownKeys(["apiVersion", "kind", "metadata", "spec"], in: kind)
        let spec = try c.required("spec")
        try spec.rejectUnknownKeys(["defaultPartition", "partitions", "vrfs"], in: "\(kind) spec")
        if let d = spec.optional("defaultPartition") {
            seg.defaultPartition = try membership(d)
            seg.defaultPartitionLocation = d.location
        } else if seg.defaultPartitionLocation == nil {
            seg.defaultPartitionLocation = spec.location
        }
        for p in try spec.optional("partitions")?.array() ?? [] {
            try p.rejectUnknownKeys(["name", "pkey", "members"], in: "partition")
            let pkeyCursor = try p.required("pkey")
            let text = try pkeyCursor.string()
            let digits = text.lowercased().hasPrefix("0x") ? String(text.dropFirst(2)) : text
            guard let raw = UInt16(digits, radix: text.lowercased().hasPrefix("0x") ? 16 : 10) else {
                throw pkeyCursor.error(
                    "invalid P_Key '\(text)' (expected 0x0001-0x7FFE, or with the membership bit 0x8001-0xFFFE)")
            }
            let pkey = raw & 0x7FFF
            guard pkey != 0 && pkey != 0x7FFF else {
                throw pkeyCursor.error("P_Key \(text) is reserved (0x0000 is invalid, 0x7FFF is the default partition)")
            }
            if let other = seg.partitions.first(where: { $0.pkey == pkey }) {
                throw pkeyCursor.error("P_Key \(text) is already partition '\(other.name)' (\(other.location))")
            }
            seg.partitions.append(
                FabricSegmentation.Partition(
                    name: try p.required("name").string(), pkey: pkey, members: try members(try p.required("members")),
                    location: p.location))
        }
        for v in try spec.optional("vrfs")?.array() ?? [] {
            try v.rejectUnknownKeys(["name", "vlan", "plane", "members"], in: "vrf")
            var vlan: Int?
            if let vc = v.optional("vlan") {
                let n = try vc.int()
                guard (1...4094).contains(n) else { throw vc.error("VLAN \(n) is outside 1-4094") }
                vlan = n
            }
            let plane = try v.optional("plane")?.string() ?? "compute"
            guard ["compute", "frontend", "storage", "oob"].contains(plane) else {
                throw v["plane"]!.error(
                    "unknown plane '\(InputError.excerpt(plane))' (expected compute, frontend, storage or oob)")
            }
            seg.vrfs.append(
                FabricSegmentation.VRF(
                    name: try v.required("name").string(), vlan: vlan, plane: plane,
                    members: try members(try v.required("members")), location: v.location))
        }
    }

    private static func members(_ c: Cursor) throws(InputError) -> [FabricSegmentation.Member] {
        var out: [FabricSegmentation.Member] = []
        for m in try c.array() {
            try m.rejectUnknownKeys(["nodes", "rails", "membership"], in: "member")
            let nodes = try m.required("nodes")
            let text = try nodes.string()
            let hosts: [String]
            do throws(HostlistError) { hosts = try Hostlist.expand(text) } catch {
                throw nodes.error(error.description)
            }
            var rails: Set<Int>?
            if let r = m.optional("rails") {
                rails = []
                for item in try r.array() { rails!.insert(try item.int()) }
            }
            var level = FabricSegmentation.Membership.full
            if let x = m.optional("membership") { level = try membership(x) }
            out.append(
                FabricSegmentation.Member(hosts: Set(hosts), rails: rails, membership: level, location: m.location))
        }
        guard !out.isEmpty else { throw c.error("expected at least one member") }
        return out
    }

    private static func membership(_ c: Cursor) throws(InputError) -> FabricSegmentation.Membership {
        let text = try c.string()
        guard let m = FabricSegmentation.Membership(rawValue: text.lowercased()) else {
            throw c.error("unknown membership '\(InputError.excerpt(text))' (expected full or limited)")
        }
        return m
    }
}
