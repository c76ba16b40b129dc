/// What a traffic run judges its flows against: nothing, one policy state, or two states compared.
public enum PolicyJudging: Sendable {
    /// No judging: loads only.
    case none
    /// Every flow judged against one policy state.
    case one(PolicyJudge)
    /// Every flow judged before and after a change, and the flows whose verdict changes counted.
    case compare(before: PolicyJudge, after: PolicyJudge)

    /// The judges in run order: none, the one, or before then after.
    public var judges: [PolicyJudge] {
        switch self {
        case .none: return []
        case .one(let judge): return [judge]
        case .compare(let before, let after): return [before, after]
        }
    }

    /// Whether two states are compared.
    public var compares: Bool {
        if case .compare = self { return true }
        return false
    }
}
