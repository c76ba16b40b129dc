import Documents
import InterlockCore

/// The bytes of a file named on the command line (`-` for stdin), or an `InputError` naming it.
func readFile(_ path: String) throws -> [UInt8] {
    try SourceLoader.read(path: path)
}
