extension ClusterSynthesizer {
    /// The whole cluster as one kubectl-style `List` in JSON (compact), for tests and benchmarks that
    /// load it with the real manifest loader.
    public static func listJSON(_ spec: SynthClusterSpec) -> [UInt8] {
        var synthesizer = ClusterSynthesizer(spec: spec)
        var bytes = Array("{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [\n".utf8)
        var first = true
        synthesizer.generate { _, object in
            if !first { bytes += ",\n".utf8 }
            first = false
            object.write(into: &bytes, pretty: false, depth: 0)
        }
        bytes += "\n]}\n".utf8
        return bytes
    }
}
