import InterlockCore
import Manifests
import Policy

/// One direction's verdicts on one network, as a table: rows are the subjects' classes of policy
/// selection (which admin, NetworkPolicy and baseline policies select the pod), columns the peers'
/// classes of peer matching, and each entry the set of port atoms allowed through all tiers.
///
/// Invariants: `rowOf[c] == -1` when no policy of any tier selects class `c` as a subject for the
/// direction (or it cannot be selected: nodes, external addresses, host-network and detached pods), so
/// everything is allowed; otherwise `entries[rowOf[c], col]` is a profile id in `profiles`. Rows and
/// columns with identical entries are merged. `ownNodeColumnOf[c]` is the column used when the peer is the subject's
/// own node (nodes
/// and host-network pods on the pod network), else equal to `columnOf[c]`.
struct SideTable: Sendable {
    let direction: Direction
    let rowOf: [Int32]
    let columnOf: [Int32]
    let ownNodeColumnOf: [Int32]
    let entries: EntryTable
    let profiles: ProfileStore

    var rowCount: Int { entries.rowCount }
    var columnCount: Int { entries.columnCount }
}

extension SideTable {
    /// What selects a subject class: the admin and baseline policies (indices into
    /// `PolicySet.adminPolicies`) and NetworkPolicies (indices into `networkPolicies`) selecting it, and
    /// for ingress the named-port signature of the pod (named ports resolve on the destination).
    struct RowKey: Hashable {
        var admin: [Int32]
        var baseline: [Int32]
        var networkPolicies: [Int32]
        var named: Int32
    }

    /// What a peer class is matched by: the peer specs it matches and, for egress, the named-port
    /// signature of the destination; and whether it stands for the subject's own node.
    struct ColumnKey: Hashable {
        var specs: [Int32]
        var named: Int32
        var ownNode: Bool
    }
}
