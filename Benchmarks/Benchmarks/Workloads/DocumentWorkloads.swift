import Documents
import Foundation

/// Parsing a `kubectl get pods -A -o json|yaml`-shaped inventory.
public enum DocumentWorkloads {
    /// A pod list of `pods` items in the shape `kubectl get pods -A -o json` writes.
    public static func podListJSON(pods: Int) -> [UInt8] {
        var out = "{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"List\",\n  \"items\": [\n"
        for i in 0..<pods {
            let ns = "tenant-\(i % 50)"
            out += """
                {
                  "apiVersion": "v1", "kind": "Pod",
                  "metadata": {"name": "trainer-\(i)", "namespace": "\(ns)",
                    "labels": {"app": "trainer", "job": "job-\(i / 64)", "tier": "\(i % 3 == 0 ? "gpu" : "cpu")"},
                    "ownerReferences": [{"apiVersion": "batch/v1", "kind": "Job", "name": "job-\(i / 64)", "controller": true}]},
                  "spec": {"nodeName": "dgx\(String(format: "%04d", i / 8 + 1))",
                    "containers": [{"name": "main", "image": "nvcr.io/nvidia/pytorch:24.05-py3",
                      "ports": [{"name": "metrics", "containerPort": 9400, "protocol": "TCP"}],
                      "resources": {"limits": {"nvidia.com/gpu": "8"}}}]},
                  "status": {"phase": "Running", "podIP": "10.\(128 + i >> 16 & 63).\(i >> 8 & 255).\(i & 255)",
                    "podIPs": [{"ip": "10.\(128 + i >> 16 & 63).\(i >> 8 & 255).\(i & 255)"}]}
                }\(i + 1 < pods ? "," : "")

                """
        }
        out += "  ]\n}\n"
        return Array(out.utf8)
    }

    /// The same inventory as YAML, one document per pod.
    public static func podListYAML(pods: Int) -> [UInt8] {
        var out = ""
        for i in 0..<pods {
            out += """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: trainer-\(i)
                  namespace: tenant-\(i % 50)
                  labels:
                    app: trainer
                    job: job-\(i / 64)
                spec:
                  nodeName: dgx\(String(format: "%04d", i / 8 + 1))
                  containers:
                  - name: main
                    image: nvcr.io/nvidia/pytorch:24.05-py3
                    ports:
                    - name: metrics
                      containerPort: 9400
                status:
                  podIP: 10.\(128 + i >> 16 & 63).\(i >> 8 & 255).\(i & 255)
                ---

                """
        }
        return Array(out.utf8)
    }

    /// Interlock's JSON reader against Foundation's `JSONSerialization` (which keeps no positions).
    public static func jsonComparison(pods: Int) -> Comparison {
        let bytes = podListJSON(pods: pods)
        let data = Data(bytes)
        return Comparison(
            title: "JSON inventory parse (\(pods) pods)",
            subject: Workload(name: "Documents.JSONReader", unit: "B") {
                blackHole(try! JSONReader.documents(bytes, file: "pods.json"))
                return bytes.count
            },
            baseline: Workload(name: "Foundation.JSONSerialization", unit: "B") {
                blackHole(try! JSONSerialization.jsonObject(with: data))
                return bytes.count
            })
    }

    /// YAML through libyaml into positioned trees.
    public static func yamlWorkload(pods: Int) -> Workload {
        let text = String(decoding: podListYAML(pods: pods), as: UTF8.self)
        return Workload(name: "Documents.YAMLReader", unit: "B") {
            blackHole(try! YAMLReader.documents(text, file: "pods.yaml"))
            return text.utf8.count
        }
    }
}
