extension PolicyBundle {
    /// Two policy states compared (`policy diff`, `traffic simulate --compare`), each over the
    /// other's workloads when it holds policies only (a proposal written against a cluster).
    public static func sides(before: PolicyBundle, after: PolicyBundle) -> (before: PolicyBundle, after: PolicyBundle) {
        (before.borrowingInventory(from: after), after.borrowingInventory(from: before))
    }
}
