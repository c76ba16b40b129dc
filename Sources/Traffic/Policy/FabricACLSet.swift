import Fabric
import FabricACL
import InterlockCore

/// The fabric ACLs of a policy state, compiled and indexed by where they are enforced: every
/// switch of a plane, or one switch.
///
/// Invariant: `onPlane[p]` and `onSwitch[d]` hold indices into `acls` (and `classifiers`), in file
/// order; a flow meets the plane's ACLs first (at its first switch), then those of the switches on
/// its path in path order.
struct FabricACLSet: Sendable {
    let acls: [ACL]
    let classifiers: [DecisionTreeClassifier]
    let onPlane: [[Int]]
    let onSwitch: [Int: [Int]]
    /// No ACL applies anywhere: judging skips the header.
    let isEmpty: Bool
    var warnings: [String] = []

    init(acls: [ACL], fabric: FabricGraph) throws(InputError) {
        self.acls = acls
        classifiers = acls.map { DecisionTreeClassifier(rules: $0.rules) }
        var onPlane = [[Int]](repeating: [], count: Plane.allCases.count)
        var onSwitch: [Int: [Int]] = [:]
        for (i, acl) in acls.enumerated() {
            let at = acl.location
            switch acl.attachment {
            case .plane(let name):
                guard let p = Plane(name: name) else {
                    throw InputError(
                        file: at?.file, line: at?.line, column: at?.column,
                        "ACL \(acl.name) is attached to unknown plane '\(name)'")
                }
                onPlane[Int(p.rawValue)].append(i)
                if fabric.settings(of: p).transport == .infiniband {
                    warnings.append(
                        (at.map { "\($0): " } ?? "")
                            + "ACL \(acl.name) is attached to the \(p) plane, which is InfiniBand: its switches isolate by partition (P_Key), not by IP ACL; judged as if enforced"
                    )
                }
            case .switchNamed(let name):
                guard let d = fabric.device(named: name), fabric.devices[Int(d)].kind == .switch else {
                    throw InputError(
                        file: at?.file, line: at?.line, column: at?.column,
                        "ACL \(acl.name) is attached to switch '\(name)', which the fabric does not have")
                }
                onSwitch[Int(d), default: []].append(i)
            case .none:
                warnings.append(
                    (at.map { "\($0): " } ?? "") + "ACL \(acl.name) is not attached to a plane or switch; ignored")
            }
        }
        self.onPlane = onPlane
        self.onSwitch = onSwitch
        isEmpty = onSwitch.isEmpty && onPlane.allSatisfy { $0.isEmpty }
    }

    /// The first ACL on the flow's way that denies it, with the rule (-1: the ACL's default action).
    func denial(_ header: PacketHeader, plane: Plane, switches: some Sequence<DeviceID>) -> (acl: Int, rule: Int)? {
        for a in onPlane[Int(plane.rawValue)] {
            if let rule = denies(a, header) { return (a, rule) }
        }
        guard !onSwitch.isEmpty else { return nil }
        for s in switches {
            for a in onSwitch[Int(s)] ?? [] {
                if let rule = denies(a, header) { return (a, rule) }
            }
        }
        return nil
    }

    /// The matching rule's index when ACL `a` denies `header`.
    @inline(__always) private func denies(_ a: Int, _ header: PacketHeader) -> Int? {
        let rule = classifiers[a].firstMatch(header)
        let action = rule >= 0 ? acls[a].rules[rule].action : acls[a].defaultAction
        return action == .deny ? rule : nil
    }

    /// `ACL NAME rule N (file:line) 'remark'` or `ACL NAME default deny`.
    func describe(acl a: Int, rule r: Int) -> (text: String, location: SourceLocation?) {
        let acl = acls[a]
        guard r >= 0 else {
            return ("ACL \(acl.name) (\(acl.attachment)): no rule matches, default deny", acl.location)
        }
        let rule = acl.rules[r]
        let remark = rule.remark.map { " '\($0)'" } ?? ""
        return ("ACL \(acl.name) (\(acl.attachment)) rule \(r)\(remark) denies", rule.location ?? acl.location)
    }
}
