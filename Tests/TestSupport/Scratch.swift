import Foundation

/// Temporary files for tests: every path lies under one directory per test process, which is
/// removed when the process exits, so repeated test runs leave nothing behind in the temporary
/// directory.
public enum Scratch {
    /// This process's directory, created on first use.
    public static let root: String = {
        let path = NSTemporaryDirectory() + "interlock-tests-\(getpid())-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: Scratch.root) }
        return path
    }()

    /// A fresh path for a file named `name` (not created).
    public static func path(_ name: String) -> String {
        root + "/\(UUID().uuidString)-\(name)"
    }

    /// A fresh, empty directory.
    public static func directory() -> String {
        let path = root + "/\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
