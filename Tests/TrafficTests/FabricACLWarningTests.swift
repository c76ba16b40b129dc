import FabricACL
import InterlockCore
import Testing

@testable import Traffic

/// Warnings about fabric ACLs name the file and line of the ACL they are about.
@Suite struct FabricACLWarningTests {
    @Test func warningsNameTheACL() throws {
        let acls = [
            ACL(name: "loose", rules: [], location: SourceLocation(file: "acls.yaml", line: 3, column: 1)),
            ACL(
                name: "ib", attachment: .plane("compute"), rules: [],
                location: SourceLocation(file: "acls.yaml", line: 9, column: 1)),
        ]
        let set = try FabricACLSet(acls: acls, fabric: Support.rail(1))
        #expect(set.warnings.count == 2)
        #expect(set.warnings.contains { $0.hasPrefix("acls.yaml:3: ACL loose is not attached") })
        #expect(set.warnings.contains { $0.hasPrefix("acls.yaml:9: ACL ib is attached to the compute plane") })
    }
}
