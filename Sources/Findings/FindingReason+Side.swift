extension FindingReason {
    /// Where a reason comes from; reports print its raw value (`egress`, `acl`, `frontend`...).
    public enum Side: String, Hashable, Sendable, CaseIterable {
        /// The source's Kubernetes policies.
        case egress
        /// The destination's Kubernetes policies.
        case ingress
        /// A fabric ACL.
        case acl
        /// What the capture showed (or did not).
        case capture
        /// An endpoint's address and owner.
        case endpoint
        /// What enforces (or fails to enforce) the policies on the path.
        case enforcement
        /// The intent a check holds the cluster to.
        case intent
        /// A note of the policy evaluation.
        case note
        /// The plane a flow was placed on and how that plane isolates traffic.
        case plane
        /// The sources and destinations an intent covers.
        case scope
        /// A Service and its DNAT to backends.
        case service
        /// One fabric plane's view in a check: the compute, front-end, storage or out-of-band plane.
        case compute, frontend, storage, oob
    }
}
