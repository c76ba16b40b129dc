import InterlockCore

/// The objects of one manifest file, one after another: a YAML stream of documents, or a
/// kubectl-style `List` in JSON (compact items, one a line). Made piece by piece, so that a large
/// cluster is never held whole: `append` each object, then `closing` once the file holds one.
public struct ManifestStream: Sendable {
    /// The forms of a manifest file; the raw value is the file name's extension.
    public enum Format: String, CaseIterable, Sendable {
        case yaml, json
    }

    public let format: Format
    /// Objects appended so far.
    public private(set) var count = 0

    public init(format: Format) {
        self.format = format
    }

    /// Appends `object` to `out`, a record.
    public mutating func append(_ object: JSON, to out: ByteWriter) {
        switch format {
        case .json:
            out.write(
                count == 0 ? "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [\n" : ",\n" as StaticString)
            out.jsonCompact(object)
        case .yaml:
            out.write("---\n" as StaticString)
            out.yaml(object)
        }
        out.recordEnd()
        count += 1
    }

    /// What ends a file that holds at least one object.
    public var closing: String {
        format == .json ? "\n]}\n" : ""
    }
}
