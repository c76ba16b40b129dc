import InterlockCore
import Manifests

/// Manifests and the policies decoded from them, with every warning a result must carry.
public struct PolicyInput: Sendable {
    /// Everything the manifests held.
    public var manifests: ManifestSet
    /// The policies decoded from the manifests' policy objects.
    public var policies: PolicySet

    /// The cluster the policies apply to.
    public var inventory: Inventory { manifests.inventory }

    /// Loads and decodes everything under `paths` (files, directories, `-` for stdin).
    ///
    /// - Throws: `InputError` for input that cannot be read or parsed, or at the line of a policy that fails
    ///   the API's validation.
    public static func load(paths: [String]) throws(InputError) -> PolicyInput {
        let manifests = try ManifestLoader.load(paths: paths)
        return PolicyInput(manifests: manifests, policies: try PolicySet.decode(manifests))
    }

    /// Pairs manifests with policies already decoded from them.
    public init(manifests: ManifestSet, policies: PolicySet) {
        self.manifests = manifests
        self.policies = policies
    }

    /// Warnings every result carries: that it is incomplete (policy kinds not evaluated), and that
    /// same-priority admin policies overlap (their order is undefined upstream).
    public var resultWarnings: [String] {
        (manifests.incompleteWarning.map { [$0] } ?? []) + policies.priorityConflicts(in: inventory)
    }

    /// Warnings about the input itself (duplicates, conflicting addresses, skipped documents,
    /// user-defined networks that do not serve a namespace).
    public var inputWarnings: [String] {
        manifests.warnings + policies.warnings + manifests.skippedWarnings + isolation.warnings
    }

    /// The isolation the primary user-defined networks impose.
    public var isolation: NetworkIsolation {
        NetworkIsolation(inventory: inventory, udns: policies.userDefinedNetworks)
    }

    /// A network named on the command line: `pod` or a NetworkAttachmentDefinition `namespace/name`.
    ///
    /// - Throws: `InputError` naming the known networks when no NetworkAttachmentDefinition is called `name`.
    public func network(named name: String?) throws(InputError) -> Network {
        guard let name, name != "pod" else { return .pod }
        guard inventory.network(id: name) != nil else {
            let known = inventory.networks.map(\.id).joined(separator: ", ")
            throw InputError("unknown network '\(name)' (known: pod\(known.isEmpty ? "" : ", " + known))")
        }
        return .attachment(inventory.networkID(of: name))
    }
}
