import Documents
import Foundation
import Manifests

/// Loading inventories: parse plus decoding into pods and workloads, the path `policy` commands take.
public enum ManifestWorkloads {
    /// `kubectl get pods -A -o json` (100k pods is the target) into an Inventory, against
    /// Foundation's `JSONSerialization` parsing the same bytes into untyped objects (no positions,
    /// no inventory).
    public static func jsonLoadComparison(pods: Int) -> Comparison {
        let bytes = DocumentWorkloads.podListJSON(pods: pods)
        let data = Data(bytes)
        return Comparison(
            title: "JSON inventory load (\(pods) pods)",
            subject: Workload(name: "JSONReader + ManifestLoader", unit: "B") {
                let docs = try! JSONReader.documents(bytes, file: "pods.json")
                blackHole(try! ManifestLoader.load(documents: docs))
                return bytes.count
            },
            baseline: Workload(name: "Foundation.JSONSerialization", unit: "B") {
                blackHole(try! JSONSerialization.jsonObject(with: data))
                return bytes.count
            })
    }

    /// The same inventory as YAML, against parsing alone (the share inventory building adds).
    public static func yamlLoadComparison(pods: Int) -> Comparison {
        let text = String(decoding: DocumentWorkloads.podListYAML(pods: pods), as: UTF8.self)
        return Comparison(
            title: "YAML inventory load (\(pods) pods)",
            subject: Workload(name: "YAMLReader + ManifestLoader", unit: "B") {
                let docs = try! YAMLReader.documents(text, file: "pods.yaml")
                blackHole(try! ManifestLoader.load(documents: docs))
                return text.utf8.count
            },
            baseline: Workload(name: "Documents.YAMLReader", unit: "B") {
                blackHole(try! YAMLReader.documents(text, file: "pods.yaml"))
                return text.utf8.count
            })
    }
}
