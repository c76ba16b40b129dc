import InterlockCore

extension Step {
    /// The step as a JSON object: tier, action, and the policy and rule (with file:line) when present.
    public var json: JSON {
        var fields: [(String, JSON)] = [("tier", .string(tier.rawValue)), ("action", .string(action.rawValue))]
        if let policy = rule?.policy ?? policy {
            fields.append(("policy", .string(policy.description)))
            fields.append(("policyLocation", .string(policy.location.description)))
        }
        if let rule {
            fields.append(("direction", .string(rule.direction.rawValue)))
            fields.append(("rule", .int(rule.index)))
            if let name = rule.name { fields.append(("ruleName", .string(name))) }
            fields.append(("ruleLocation", .string(rule.location.description)))
        }
        if !detail.isEmpty { fields.append(("detail", .string(detail))) }
        if let l7 { fields.append(("subjectToL7", .string(l7))) }
        return .object(fields)
    }
}

extension SideVerdict {
    /// The side as JSON: `allowed`, every step, and the deciding steps.
    public var json: JSON {
        .object([
            ("allowed", .bool(allowed)), ("steps", .array(steps.map(\.json))),
            ("decidedBy", .array(decidedBy.map(\.json))),
        ])
    }
}
