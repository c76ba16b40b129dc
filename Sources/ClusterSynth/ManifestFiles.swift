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

    /// Generates the cluster of `spec`, handing each file's bytes to `write` as they come (every
    /// object, then the closing of each file that got one). Returns the files that got objects, in
    /// `ClusterSynthesizer.files` order, with how many.
    public func generate(
        _ spec: SynthClusterSpec,
        write: (_ file: String, _ bytes: [UInt8]) -> Void
    ) -> [(file: String, objects: Int)] {
        var streams: [String: ManifestStream] = [:]
        var synthesizer = ClusterSynthesizer(spec: spec)
        var buffer: [UInt8] = []
        synthesizer.generate { file, object in
            buffer.removeAll(keepingCapacity: true)
            streams[file, default: ManifestStream(format: format)].append(object, to: &buffer)
            write(file, buffer)
        }
        let written = ClusterSynthesizer.files.compactMap { file in streams[file].map { (file, $0) } }
        for (file, stream) in written where !stream.closing.isEmpty { write(file, Array(stream.closing.utf8)) }
        return written.map { ($0.0, $0.1.count) }
    }

    /// The table of the files written: path and number of objects.
    public func summary(_ written: [(file: String, objects: Int)]) -> String {
        var table = TextTable(headers: ["file", "objects"], alignments: [.left, .right])
        for (file, objects) in written { table.append([path(of: file), String(objects)]) }
        return table.render()
    }
}
