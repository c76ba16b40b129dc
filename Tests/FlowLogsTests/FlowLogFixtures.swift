import Capture
import Documents
import Foundation
import Manifests
import Policy
import PolicyEngine
import TestSupport

/// The committed flow-log samples (captures/flowlogs) and the small cluster they were written for
/// (`shop-cluster.yaml`): pods shop/web (10.244.1.2), shop/batch (10.244.1.3), db/pg (10.244.2.2,
/// 5432) and db/api (10.244.2.3, 9000); db denies all ingress but web → pg on 5432.
enum FlowLogFixtures {
    /// The path of a committed sample under `captures/flowlogs`.
    static func path(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("captures/flowlogs/\(name)").path
    }

    /// `text` written to a scratch file named `name`; returns its path.
    static func write(_ text: String, name: String) throws -> String {
        let path = Scratch.path(name)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let cluster = path("shop-cluster.yaml")

    static let engine: CompiledEngine = {
        let docs = try! SourceLoader.load(paths: [cluster])
        let manifests = try! ManifestLoader.load(documents: docs)
        return CompiledEngine(inventory: manifests.inventory, policies: try! PolicySet.decode(manifests))
    }()
}
