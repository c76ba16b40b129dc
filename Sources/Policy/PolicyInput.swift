import Documents
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

    /// Loads and decodes everything under `paths` (files, directories, `-` for stdin), reading what
    /// `options` says to read (finished pods).
    ///
    /// - Throws: `InputError` for input that cannot be read or parsed, or at the line of a policy that fails
    ///   the API's validation.
    public static func load(paths: [String], options: EvaluationOptions = EvaluationOptions()) throws(InputError)
        -> PolicyInput
    {
        let manifests = try ManifestLoader.load(paths: paths, listsFinishedPods: options.listsFinishedPods)
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

    /// Warnings about the input itself (duplicates, conflicting addresses, skipped documents, what was
    /// read as the Go API machinery decodes it though the API server would refuse it, user-defined
    /// networks that do not serve a namespace).
    public var inputWarnings: [String] {
        manifests.warnings + policies.warnings + decodeWarnings.map(\.description) + manifests.skippedWarnings
            + isolation.warnings
    }

    /// What the manifests held that the API server would not accept as written, read as the Go API
    /// machinery decodes it (unknown fields dropped, missing fields as zero values), sorted.
    public var decodeWarnings: [DecodeWarning] {
        (manifests.decodeWarnings + policies.decodeWarnings).sorted()
    }

    /// Warnings a profile adds: without IPv6 analysis, the IPv6 CIDRs the policies hold, which connlist and
    /// diff leave out of their external ranges.
    public func profileWarnings(_ options: EvaluationOptions) -> [String] {
        guard !options.analysesIPv6 else { return [] }
        let networks = [Network.pod] + inventory.networks.map { .attachment($0.id) }
        let v6 = Set(networks.flatMap { policies.cidrs(on: $0) }).filter { if case .v6 = $0 { true } else { false } }
            .sorted()
        guard !v6.isEmpty else { return [] }
        return [
            "profile \(options.profile.rawValue): IPv6 ranges are not analysed; external ranges leave out \(v6.map(\.description).joined(separator: ", "))"
        ]
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
