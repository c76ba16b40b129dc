import InterlockCore

/// What segments the fabric below Kubernetes: InfiniBand partitions and Ethernet VRFs/VLANs.
///
/// InfiniBand (IBA vol. 1, 10.9 "Partitioning"): two ports communicate only through a partition
/// both are members of, and not when both are limited members. OpenSM's shipped
/// `partitions.conf` puts every port in the default partition 0x7FFF as a full member, so unless the
/// default partition is made limited, every port still reaches every other. Ethernet: ports talk
/// only inside their VRF (or VLAN); ports in no VRF share the default one.
public struct FabricSegmentation: Sendable {
    /// InfiniBand partitions, in document order.
    public var partitions: [Partition] = []
    /// Ethernet VRFs, in document order.
    public var vrfs: [VRF] = []
    /// Membership of every port in the default partition 0x7FFF.
    public var defaultPartition: Membership = .full
    /// Where `defaultPartition` was set (or the first segmentation document), for witnesses.
    public var defaultPartitionLocation: SourceLocation?

    /// No partitions or VRFs, and every port a full member of the default partition: the fabric as
    /// OpenSM ships it, unsegmented.
    public init() {}

    /// A port's membership of a partition: full members reach every member, limited members reach
    /// full members only.
    public enum Membership: String, Sendable {
        /// Full members reach every member; limited members reach full members only.
        case full, limited
    }

    /// An InfiniBand partition.
    public struct Partition: Sendable {
        /// The partition's name in the document.
        public var name: String
        /// The P_Key with the membership bit cleared (0x0001-0x7FFE).
        public var pkey: UInt16
        /// Who is in the partition, and how.
        public var members: [Member]
        /// Where the partition is declared.
        public var location: SourceLocation

        /// `0x8001`-style text of the full-member P_Key.
        public var pkeyText: String { "0x" + String(pkey | 0x8000, radix: 16, uppercase: true) }
    }

    /// Hosts (all their compute NICs, or those on `rails`) with a membership.
    public struct Member: Sendable {
        /// Host names (a Slurm hostlist, expanded).
        public var hosts: Set<String>
        /// The rails whose NICs are members; `nil` for every compute NIC of the hosts.
        public var rails: Set<Int>?
        /// Full (the default) or limited; only partitions look at it.
        public var membership: Membership
        /// Where the member entry is written: what a witness points at.
        public var location: SourceLocation
    }

    /// An Ethernet VRF (with an optional VLAN) on one plane.
    public struct VRF: Sendable {
        /// The VRF's name.
        public var name: String
        /// Its VLAN id, when it has one.
        public var vlan: Int?
        /// The plane it is on, by name (`frontend`, `storage`, ...).
        public var plane: String
        /// The hosts whose interfaces on the plane are in the VRF.
        public var members: [Member]
        /// Where the VRF is declared.
        public var location: SourceLocation
    }
}
