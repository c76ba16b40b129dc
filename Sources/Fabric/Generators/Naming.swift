/// The normative device names (later issues and Slurm hostlists rely on them).
///
/// Compute nodes: `dgx0001`… on rail fabrics, `host0001`… on fat-trees (at least four digits, from 1);
/// GPUs `dgx0001-gpu0`…, NICs `dgx0001-nic0`… (from 0; NIC i on rail i), BMCs `dgx0001-bmc`; rail
/// switches `leaf-su1-r0` (SU from 1, rail from 0), `spine01`…, `core01`…; fat-tree switches
/// `edge-p0-0`, `agg-p0-0`, `core-0` (pod and index from 0); user-network switches prefixed by their
/// plane: `frontend-leaf01`, `storage-spine01`, `oob-sw01`; storage servers `storage01`….
public enum Naming {
    /// `n` in decimal, zero-padded to at least `width` digits.
    public static func padded(_ n: Int, width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// A compute node: `dgx0001`, `host0042` (`number` from 1).
    public static func node(_ prefix: String, _ number: Int) -> String { prefix + padded(number, width: 4) }

    /// A numbered switch or server: `spine01`, `frontend-leaf12` (`number` from 1).
    public static func numbered(_ prefix: String, _ number: Int) -> String { prefix + padded(number, width: 2) }

    /// The `index`-th GPU of `host`: `dgx0001-gpu0`.
    public static func gpu(_ host: String, _ index: Int) -> String { "\(host)-gpu\(index)" }
    /// The `index`-th NIC of `host`, on rail `index`: `dgx0001-nic0`.
    public static func nic(_ host: String, _ index: Int) -> String { "\(host)-nic\(index)" }
    /// The BMC of `host`: `dgx0001-bmc`.
    public static func bmc(_ host: String) -> String { "\(host)-bmc" }
    /// The leaf of rail `rail` (from 0) in scalable unit `su` (from 1): `leaf-su1-r0`.
    public static func railLeaf(su: Int, rail: Int) -> String { "leaf-su\(su)-r\(rail)" }
}
