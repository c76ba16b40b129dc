import Documents
import FabricACL
import InterlockCore
import Manifests
import Policy

/// A policy state to judge traffic against: the Kubernetes objects and policies under a path, and
/// the fabric ACLs (`kind: FabricACL` documents) found beside them.
public struct PolicyBundle: Sendable {
    /// The path as the user named it.
    public var path: String
    /// The manifests and policies under `path`.
    public var input: PolicyInput
    /// The fabric ACLs found beside them, in file order.
    public var acls: [ACL]
    /// Input warnings (duplicates, skipped kinds) and result warnings (incomplete evaluation).
    public var warnings: [String]

    /// A bundle from parts already loaded; `warnings` are gathered from `input` (Interlock's own kinds,
    /// FabricACL among them, are not skipped kinds).
    public init(path: String, input: PolicyInput, acls: [ACL]) {
        self.path = path
        self.input = input
        self.acls = acls
        self.warnings = input.inputWarnings + input.resultWarnings
    }

    /// This state over `other`'s workloads when it holds policies only (a proposal written against
    /// a cluster), as `policy diff` evaluates it.
    public func borrowingInventory(from other: PolicyBundle) -> PolicyBundle {
        PolicyBundle(path: path, input: input.borrowingInventory(from: other.input), acls: acls)
    }

    /// Loads everything under `path` (a file or a directory).
    ///
    /// - Throws: `InputError` when `path` cannot be read or holds a malformed manifest, policy or ACL.
    public static func load(path: String) throws(InputError) -> PolicyBundle {
        let input = try PolicyInput.load(paths: [path])
        var acls: [ACL] = []
        for file in try SourceLoader.files(at: path) {
            acls += try ACLDocument.acls(
                from: try SourceLoader.documents(bytes: try SourceLoader.read(path: file), file: file))
        }
        return PolicyBundle(path: path, input: input, acls: acls)
    }
}
