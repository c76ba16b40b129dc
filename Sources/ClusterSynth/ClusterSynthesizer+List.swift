import InterlockCore

extension ClusterSynthesizer {
    /// The whole cluster as one kubectl-style `List` in JSON (compact), for tests and benchmarks that
    /// load it with the real manifest loader.
    public static func listJSON(_ spec: SynthClusterSpec) -> [UInt8] {
        var synthesizer = ClusterSynthesizer(spec: spec)
        var stream = ManifestStream(format: .json)
        let out = ByteWriter()
        synthesizer.generate { _, object in stream.append(object, to: out) }
        out.write(stream.closing)
        return out.bytes
    }
}
