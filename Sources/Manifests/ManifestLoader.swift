import Documents
import InterlockCore

/// Everything read from a set of manifests: the inventory, the policy objects for the Policy module
/// to decode, and what was skipped.
public struct ManifestSet: Sendable {
    /// The cluster the inventory kinds describe.
    public var inventory: Inventory
    /// Objects of the policy kinds Interlock evaluates, in input order.
    public var policyObjects: [ManifestObject]
    /// Objects of policy kinds Interlock recognises but does not evaluate, in input order.
    public var unevaluatedPolicies: [ManifestObject]
    /// Objects of kinds Interlock does not read, counted by `Kind.group` (Interlock's own kinds are
    /// not counted: other commands read them).
    public var skippedKinds: [String: Int]
    /// Where the first object of each skipped kind is, by `Kind.group`.
    public var firstSkipped: [String: SourceLocation] = [:]
    /// Documents that are not Kubernetes objects (no `kind`), counted.
    public var nonObjectDocuments: Int
    /// Where the first document that is not a Kubernetes object is.
    public var firstNonObject: SourceLocation?
    /// Things the user should hear about (duplicate objects, pods of one owner with different labels).
    public var warnings: [String]
    /// What the inventory objects held that the API server would not accept as written and Interlock
    /// read as the Go API machinery decodes it (unknown fields dropped, missing fields as zero values).
    public var decodeWarnings: [DecodeWarning] = []
    /// Ingresses, OpenShift Routes and Gateway API routes, in input order.
    public var routes: [ExposureRoute] = []
    /// The pods and TCP ports the routes reach through their Services.
    public var exposedPorts: [ExposedPort] = []
    /// Route backends that reach nothing (a missing Service or port, a backend that is not a Service),
    /// each also in `warnings`.
    public var routeProblems: [RouteProblem] = []

    /// The one-line "incomplete" warning when unevaluated policy kinds are present, naming them.
    public var incompleteWarning: String? {
        guard !unevaluatedPolicies.isEmpty else { return nil }
        var counts: [String: Int] = [:]
        for object in unevaluatedPolicies {
            counts[KindCatalog.GroupKind(object.group, object.kind).description, default: 0] += 1
        }
        let kinds = counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        return "incomplete: \(kinds) not evaluated; the real cluster may be stricter than shown"
    }

    /// The warnings about skipped input, each naming where the first skipped object is: kinds
    /// Interlock does not read, and documents that are not Kubernetes objects.
    public var skippedWarnings: [String] {
        var out: [String] = []
        if !skippedKinds.isEmpty {
            let kinds = skippedKinds.sorted { $0.key < $1.key }.map { kind, count in
                "\(count) \(kind)" + (firstSkipped[kind].map { " (\($0))" } ?? "")
            }
            out.append("skipped objects of kinds Interlock does not read: \(kinds.joined(separator: ", "))")
        }
        if nonObjectDocuments > 0 {
            out.append(
                "skipped \(nonObjectDocuments) documents that are not Kubernetes objects (no kind)"
                    + (firstNonObject.map { ", the first at \($0)" } ?? ""))
        }
        return out
    }
}

/// Reads Kubernetes objects from files, directories (recursively) and standard input.
public enum ManifestLoader {
    /// Loads every document under `paths` (`-` for standard input) into a `ManifestSet`.
    ///
    /// A path that holds no documents at all (an empty directory, one without manifest files, an empty
    /// file) is warned about: a cluster given that way is most likely a mistake. Pods in phase Succeeded
    /// or Failed are skipped with a warning unless `listsFinishedPods`. Files are parsed, and inventory
    /// objects read, on up to `threads` threads; the result is the same for any count.
    ///
    /// - Throws: `InputError` when a path cannot be read or parsed, or at the line of an inventory object
    ///   that is malformed.
    public static func load(
        paths: [String], listsFinishedPods: Bool = false, threads: Int = Parallel.defaultThreads
    ) throws(InputError) -> ManifestSet {
        let byPath = try SourceLoader.documentsByPath(paths, threads: threads)
        let empty = zip(paths, byPath).filter { $0.1.isEmpty }.map(\.0)
        var set = try load(documents: byPath.flatMap { $0 }, listsFinishedPods: listsFinishedPods, threads: threads)
        Parallel.release(consume byPath)
        set.warnings += empty.map { "\($0): holds no objects (no YAML or JSON documents)" }
        return set
    }

    /// Builds a `ManifestSet` from parsed documents, reading the inventory objects on up to
    /// `threads` threads (the result is the same for any count: objects are added in input order).
    ///
    /// - Throws: `InputError` at the line of the first inventory object that is malformed.
    public static func load(
        documents: [Document], listsFinishedPods: Bool = false, threads: Int = Parallel.defaultThreads
    ) throws(InputError) -> ManifestSet {
        let log = DecodeLog()
        // The objects in input order, up to the first document whose objects cannot be listed.
        var items: [Item] = []
        var unlisted: InputError?
        for document in documents {
            do throws(InputError) {
                try forEachObject(
                    in: document.cursor.logging(to: log), nonObject: { items.append(.nonObject($0)) },
                    each: { items.append(.object($0, KindCatalog.role(group: $0.group, kind: $0.kind))) })
            } catch {
                unlisted = error
                break
            }
        }
        let decoded = decodeInventory(items, listsFinishedPods: listsFinishedPods, threads: threads)
        var builder = InventoryBuilder()
        builder.listsFinishedPods = listsFinishedPods
        builder.reserveCapacity(
            objects: decoded.count(where: { $0 != nil }),
            pods: decoded.count(where: { if case .success(.pod)? = $0 { true } else { false } }))
        var policies: [ManifestObject] = []
        var unevaluated: [ManifestObject] = []
        var skipped: [String: Int] = [:]
        var firstSkipped: [String: SourceLocation] = [:]
        var nonObjects = 0
        var firstNonObject: SourceLocation?
        var routes: [ExposureRoute] = []
        var grants: [ReferenceGrant] = []
        for (i, item) in items.enumerated() {
            switch item {
            case .nonObject(let cursor):
                nonObjects += 1
                if firstNonObject == nil { firstNonObject = cursor.location }
            case .object(let object, let role):
                switch role {
                case .inventory: builder.add(try decoded[i]!.get(), of: object)
                case .policy: policies.append(object)
                case .unevaluatedPolicy: unevaluated.append(object)
                case .interlock: break
                case .route where object.kind == "ReferenceGrant": grants.append(try ReferenceGrant.decode(object))
                case .route: routes.append(try ExposureRoute.decode(object))
                case .unknown:
                    let kind = KindCatalog.GroupKind(object.group, object.kind).description
                    skipped[kind, default: 0] += 1
                    if firstSkipped[kind] == nil { firstSkipped[kind] = object.location }
                }
            }
        }
        if let unlisted { throw unlisted }
        // What was read is freed on another thread while the inventory is built.
        Parallel.release((consume items, consume decoded))
        let (inventory, warnings) = builder.build(threads: threads)
        Parallel.release(consume builder)
        var set = ManifestSet(
            inventory: inventory, policyObjects: policies, unevaluatedPolicies: unevaluated,
            skippedKinds: skipped, nonObjectDocuments: nonObjects, warnings: warnings)
        set.firstSkipped = firstSkipped
        set.firstNonObject = firstNonObject
        set.decodeWarnings = log.warnings
        let resolved = RouteResolver.resolve(routes, grants: grants, in: inventory)
        set.routes = routes
        set.exposedPorts = resolved.exposed
        set.routeProblems = resolved.problems
        set.warnings += resolved.problems.map(\.description)
        return set
    }

    /// One entry of the input, in order: an object with its role, or a document that is no object.
    enum Item {
        case object(ManifestObject, KindCatalog.Role)
        case nonObject(Cursor)
    }

    /// Objects per unit of parallel work: enough to outweigh handing it to a thread.
    static let decodeBatch = 256

    /// What the inventory objects among `items` read as (`nil` at every other item), read on up to
    /// `threads` threads in batches of consecutive items.
    static func decodeInventory(_ items: [Item], listsFinishedPods: Bool, threads: Int)
        -> [Result<InventoryBuilder.Decoded, InputError>?]
    {
        Parallel.map(items.count, batch: decodeBatch, threads: threads) { i in
            guard case .object(let object, .inventory) = items[i] else { return nil }
            return Result { () throws(InputError) in
                try InventoryBuilder.decode(object, listsFinishedPods: listsFinishedPods)
            }
        }
    }

    /// Calls `body` for every object of a document, flattening `kind: List` and `*List` kinds as
    /// `kubectl get -o yaml|json` writes them (items of a typed list may omit their kind).
    static func forEachObject(
        in cursor: Cursor, nonObject: (Cursor) -> Void,
        each body: (ManifestObject) throws(InputError) -> Void
    ) throws(InputError) {
        guard let object = try ManifestObject.header(cursor) else {
            nonObject(cursor)
            return
        }
        if object.kind.hasSuffix("List"), let items = cursor["items"] {
            let itemKind = object.kind == "List" ? nil : String(object.kind.dropLast(4))
            for item in try items.array() {
                guard item.isMapping else { throw item.error("expected an object in the list's items") }
                if item.optional("kind") == nil, let itemKind {
                    try body(
                        try ManifestObject.header(item, defaultKind: itemKind, defaultAPIVersion: object.apiVersion))
                    continue
                }
                try forEachObject(in: item, nonObject: nonObject, each: body)
            }
            return
        }
        try body(object)
    }
}

extension ManifestObject {
    /// The header of a typed list's item that omits `kind` and `apiVersion`.
    static func header(_ cursor: Cursor, defaultKind: String, defaultAPIVersion: String) throws(InputError)
        -> ManifestObject
    {
        let meta = cursor.optional("metadata")
        let namespace = try meta?.optional("namespace")?.string()
        return ManifestObject(
            apiVersion: try cursor.optional("apiVersion")?.string() ?? defaultAPIVersion,
            kind: defaultKind, name: try meta?.optional("name")?.string() ?? "",
            namespace: namespace?.isEmpty == true ? nil : namespace, cursor: cursor)
    }
}
