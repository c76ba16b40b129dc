import Documents
import InterlockCore

/// One Kubernetes object as written in a manifest: its type, identity and the cursor to read it.
public struct ManifestObject: Sendable {
    /// `group/version`, or `version` for the core group (`v1`).
    public let apiVersion: String
    /// The object's `kind`.
    public let kind: String
    /// `metadata.name` (empty when the object has none).
    public let name: String
    /// `metadata.namespace` as written, `nil` when absent.
    public let namespace: String?
    /// The object itself.
    public let cursor: Cursor

    /// An object from its header fields and a cursor at the whole object.
    public init(apiVersion: String, kind: String, name: String, namespace: String?, cursor: Cursor) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
        self.namespace = namespace
        self.cursor = cursor
    }

    /// The API group: the part of `apiVersion` before `/`, empty for the core group.
    public var group: String {
        guard let slash = apiVersion.firstIndex(of: "/") else { return "" }
        return String(apiVersion[..<slash])
    }

    /// The API version without its group.
    public var version: String {
        guard let slash = apiVersion.firstIndex(of: "/") else { return apiVersion }
        return String(apiVersion[apiVersion.index(after: slash)...])
    }

    /// The same object read tolerantly, recording into `log` (see `Cursor`).
    public func logging(to log: DecodeLog) -> ManifestObject {
        ManifestObject(
            apiVersion: apiVersion, kind: kind, name: name, namespace: namespace, cursor: cursor.logging(to: log))
    }

    /// Where the object starts in its file.
    public var location: SourceLocation { cursor.location }

    /// The namespace the object lives in: as written, else `default` (what `kubectl apply` does).
    public var effectiveNamespace: String { namespace ?? "default" }

    /// `metadata`, or an error when it is not a mapping.
    public var metadata: Cursor? { cursor.optional("metadata") }

    /// `metadata.labels` (empty when absent).
    public func labels() throws(InputError) -> [String: String] {
        try metadata?.optional("labels")?.stringMap() ?? [:]
    }

    /// `metadata.annotations` (empty when absent).
    public func annotations() throws(InputError) -> [String: String] {
        try metadata?.optional("annotations")?.stringMap() ?? [:]
    }

    /// `kind namespace/name` or `kind name`, for messages.
    public var displayName: String {
        namespace.map { "\(kind) \($0)/\(name)" } ?? "\(kind) \(name)"
    }

    /// Reads the object header of `cursor`; `nil` when the document is not a Kubernetes object
    /// (not a mapping, or without `kind`).
    static func header(_ cursor: Cursor) throws(InputError) -> ManifestObject? {
        guard cursor.isMapping, let kindCursor = cursor.optional("kind") else { return nil }
        let kind = try kindCursor.string()
        let apiVersion = try cursor.optional("apiVersion")?.string() ?? ""
        let meta = cursor.optional("metadata")
        if let meta, !meta.isMapping { throw meta.error("metadata must be a mapping") }
        let name = try meta?.optional("name")?.string() ?? ""
        let namespace = try meta?.optional("namespace")?.string()
        return ManifestObject(
            apiVersion: apiVersion, kind: kind, name: name,
            namespace: namespace?.isEmpty == true ? nil : namespace, cursor: cursor)
    }
}
