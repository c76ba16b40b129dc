import InterlockCore

/// What segments the fabric below Kubernetes: InfiniBand partitions and Ethernet VRFs/VLANs.
///
/// InfiniBand (IBA vol. 1, 10.9 "Partitioning"): two ports communicate only through a partition
/// both are members of, and not when both are limited members. OpenSM's shipped
/// `partitions.conf` puts every port in the default partition 0x7FFF as a full member, so unless the
/// default partition is made limited, every port still reaches every other. Ethernet: ports talk
/// only inside their VRF (or VLAN); ports in no VRF share the default one.
public struct FabricSegmentation: Sendable {
    public var partitions: [Partition] = []
    public var vrfs: [VRF] = []
    /// Membership of every port in the default partition 0x7FFF.
    public var defaultPartition: Membership = .full
    /// Where `defaultPartition` was set (or the first segmentation document), for witnesses.
    public var defaultPartitionLocation: SourceLocation?

    public init() {}

    public enum Membership: String, Sendable {
        case full, limited
    }

    /// An InfiniBand partition.
    public struct Partition: Sendable {
        public var name: String
        /// The P_Key with the membership bit cleared (0x0001-0x7FFE).
        public var pkey: UInt16
        public var members: [Member]
        public var location: SourceLocation

        /// `0x8001`-style text of the full-member P_Key.
        public var pkeyText: String { "0x" + String(pkey | 0x8000, radix: 16, uppercase: true) }
    }

    /// Hosts (all their compute NICs, or those on `rails`) with a membership.
    public struct Member: Sendable {
        public var hosts: Set<String>
        public var rails: Set<Int>?
        public var membership: Membership
        public var location: SourceLocation
    }

    /// An Ethernet VRF (with an optional VLAN) on one plane.
    public struct VRF: Sendable {
        public var name: String
        public var vlan: Int?
        public var plane: String
        public var members: [Member]
        public var location: SourceLocation
    }
}
