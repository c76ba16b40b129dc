import Documents
import InterlockCore
import Testing

@testable import Manifests

/// Inventory objects the Go API machinery decodes load with a warning per deviation, at its position.
@Suite struct TolerantInventoryTests {
    func load(_ text: String) throws -> ManifestSet {
        try ManifestLoader.load(documents: SourceLoader.documents(bytes: Array(text.utf8), file: "m.yaml"))
    }

    static func pod(_ name: String, owner: String, hash: String? = nil) -> String {
        let labels = hash.map { "{app: web, pod-template-hash: \($0)}" } ?? "{app: web}"
        return """
            apiVersion: v1
            kind: Pod
            metadata:
              name: \(name)
              namespace: shop
              labels: \(labels)
              ownerReferences: [{apiVersion: apps/v1, \(owner), controller: true}]
            spec: {containers: [{name: c, image: i}]}
            ---

            """
    }

    /// An ownerReference with no kind: the pods still group under their owner, found by name among the
    /// controllers present (here a ReplicaSet leads to its Deployment), or under the name alone.
    @Test func ownerReferenceWithoutKindStillGroups() throws {
        let deployment = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: shop}
            spec: {template: {metadata: {labels: {app: web}}, spec: {containers: [{name: c, image: i}]}}}
            ---

            """
        let m = try load(
            deployment + Self.pod("web-7f9c-a", owner: "name: web-7f9c", hash: "7f9c")
                + Self.pod("web-7f9c-b", owner: "name: web-7f9c", hash: "7f9c")
                + Self.pod("batch-1", owner: "name: batch") + Self.pod("batch-2", owner: "name: batch"))
        #expect(m.inventory.workloads.map(\.id) == ["shop/batch[]", "shop/web[Deployment]"])
        #expect(m.inventory.workloads.map(\.pods.count) == [2, 2])
        #expect(m.decodeWarnings.count == 4)
        #expect(
            m.decodeWarnings[0].description
                == "m.yaml:12:21: ownerReference has no kind: treated as '' (any kind); the API server requires it")
    }

    /// A mis-cased container port key is dropped as Go drops it: the entry has no containerPort, so it
    /// declares no port, and named ports cannot resolve to it.
    @Test func misCasedContainerPortIsDropped() throws {
        let m = try load(
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p, namespace: shop}
            spec:
              containers:
              - name: c
                image: i
                ports:
                - {name: http, containerport: 8080}
                - {name: admin, containerPort: 9090}
            """)
        #expect(m.inventory.pods[0].ports == [ContainerPort(name: "admin", port: 9090, proto: .tcp)])
        #expect(m.decodeWarnings.map(\.check) == ["missing-field", "unknown-field"])
        #expect(m.decodeWarnings.allSatisfy { $0.location.line == 9 })
        #expect(m.decodeWarnings[1].message.contains("(did you mean 'containerPort'?)"))
    }

    /// A NetworkAttachmentDefinition whose spec.config is not JSON: the network exists, its type unknown.
    @Test func networkWithUnreadableConfigExists() throws {
        let m = try load(
            """
            apiVersion: k8s.cni.cncf.io/v1
            kind: NetworkAttachmentDefinition
            metadata: {name: rdma-net, namespace: ml}
            spec:
              config: '{"cniVersion": "0.3.1", "type": '
            """)
        let network = try #require(m.inventory.network(id: "ml/rdma-net"))
        #expect(network.cniTypes.isEmpty && network.kind == .kernel)
        #expect(m.decodeWarnings.map(\.check) == ["invalid-config"])
        #expect(m.decodeWarnings[0].location.line == 5)
        #expect(m.decodeWarnings[0].message.hasPrefix("invalid CNI config in spec.config ("))
    }

    /// Workloads without a template, Services with a port entry without port number, node addresses
    /// without address: each loads as Go's zero value would have it.
    @Test func otherMissingFieldsTakeTheirZeroValue() throws {
        let m = try load(
            """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db, namespace: shop}
            spec: {serviceName: db}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: db, namespace: shop}
            spec: {ports: [{name: sql}, {port: 5432}]}
            ---
            apiVersion: v1
            kind: Node
            metadata: {name: n1}
            status: {addresses: [{type: InternalIP}, {type: InternalIP, address: 10.9.0.1}]}
            """)
        #expect(m.inventory.workloads.map(\.id) == ["shop/db[StatefulSet]"])
        #expect(m.inventory.services[0].ports.map(\.port) == [5432])
        #expect(m.inventory.nodes[0].addresses.map(\.description) == ["10.9.0.1"])
        #expect(m.decodeWarnings.map(\.location.line) == [4, 9, 14])
    }

    /// A missing metadata.name stays an input error, and so does a duplicate key, in YAML and JSON alike.
    @Test(arguments: [
        ("apiVersion: v1\nkind: Pod\nmetadata: {namespace: a}\n", "m.yaml", "without metadata.name"),
        ("apiVersion: v1\nkind: Pod\nmetadata: {name: a, name: b}\n", "m.yaml", "duplicate key"),
        (#"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a", "name": "b"}}"#, "m.json", "duplicate key"),
    ])
    func stillErrors(_ text: String, _ file: String, _ message: String) throws {
        #expect {
            _ = try ManifestLoader.load(documents: SourceLoader.documents(bytes: Array(text.utf8), file: file))
        } throws: { error in
            (error as? InputError)?.message.contains(message) == true
        }
    }
}
