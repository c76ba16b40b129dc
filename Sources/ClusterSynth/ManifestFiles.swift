import InterlockCore

/// A synthetic cluster as manifest files in one directory, one file for each of
/// `ClusterSynthesizer.files` that gets objects (an empty List or stream would only be noise):
/// `DIR/namespaces.yaml`, `DIR/pods.json`...
public struct ManifestFiles: Sendable {
    public let directory: String
    public let format: ManifestStream.Format

    public init(directory: String, format: ManifestStream.Format) {
        self.directory = directory
        self.format = format
    }

    /// Where `file` (one of `ClusterSynthesizer.files`) goes.
    public func path(of file: String) -> String {
        "\(directory)/\(file).\(format.rawValue)"
    }

    /// Generates the cluster of `spec`, appending each file's objects to the writer `writer` gives for
    /// it (every object, then the closing of each file that got one; each writer is asked for once,
    /// when its file gets its first object). Returns the files that got objects, in
    /// `ClusterSynthesizer.files` order, with how many.
    public func generate(
        _ spec: SynthClusterSpec, writer: (_ file: String) -> ByteWriter
    ) -> [(file: String, objects: Int)] {
        var streams: [String: (stream: ManifestStream, out: ByteWriter)] = [:]
        var synthesizer = ClusterSynthesizer(spec: spec)
        synthesizer.generate { file, object in
            let out = streams[file]?.out ?? writer(file)
            streams[file, default: (ManifestStream(format: format), out)].stream.append(object, to: out)
        }
        let written = ClusterSynthesizer.files.compactMap { file in streams[file].map { (file, $0) } }
        for (_, file) in written { file.out.write(file.stream.closing) }
        return written.map { ($0.0, $0.1.stream.count) }
    }

    /// The table of the files written: path and number of objects.
    public func summary(_ written: [(file: String, objects: Int)]) -> String {
        var table = TextTable(headers: ["file", "objects"], alignments: [.left, .right])
        for (file, objects) in written { table.append([path(of: file), String(objects)]) }
        return table.render()
    }
}
