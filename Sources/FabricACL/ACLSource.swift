import Documents
import InterlockCore

/// Reads fabric ACL files: ClassBench filter files (recognised by their leading `@`) or YAML/JSON
/// documents of `kind: FabricACL`.
public enum ACLSource {
    /// Every ACL in the files under `paths`. A ClassBench file becomes one unattached ACL named after
    /// the file, whose rules all permit (ClassBench rules carry no action) and whose default is deny.
    ///
    /// - Throws: `InputError` when a file cannot be read, or at the line of the first malformed rule or
    ///   document.
    public static func load(paths: [String]) throws(InputError) -> [ACL] {
        var acls: [ACL] = []
        for path in paths {
            for file in try SourceLoader.files(at: path) {
                let bytes = try SourceLoader.read(path: file)
                guard String(validating: bytes, as: UTF8.self) != nil else {
                    throw InputError(file: file, "not UTF-8 text")
                }
                if ClassBenchFormat.looksLikeFilters(bytes) {
                    let rules = try ClassBenchFormat.parseFilters(bytes, file: file)
                    acls.append(ACL(name: file, rules: rules, location: SourceLocation(file: file, line: 1)))
                } else {
                    let found = try ACLDocument.acls(from: try SourceLoader.documents(bytes: bytes, file: file))
                    if found.isEmpty {
                        throw InputError(file: file, "no FabricACL documents and not a ClassBench filter file")
                    }
                    acls += found
                }
            }
        }
        return acls
    }
}
