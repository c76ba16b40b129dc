/// Answers "which rule matches this header first" for a fixed rule list.
public protocol PacketClassifier: Sendable {
    /// The number of rules classified over.
    var ruleCount: Int { get }
    /// The 0-based index of the first rule that matches `header`, or -1 when none does.
    func firstMatch(_ header: PacketHeader) -> Int
}

/// The reference classifier: tries the rules in order. Obviously right, and slow on long lists.
public struct LinearClassifier: PacketClassifier {
    /// The rules, in priority order.
    public let rules: [ACLRule]
    /// A classifier over `rules`; nothing is precomputed.
    public init(rules: [ACLRule]) { self.rules = rules }
    /// The number of rules.
    public var ruleCount: Int { rules.count }

    /// The index of the first rule that matches `header`, or -1, by trying each rule in order.
    public func firstMatch(_ header: PacketHeader) -> Int {
        for (i, rule) in rules.enumerated() where rule.matches(header) { return i }
        return -1
    }
}
