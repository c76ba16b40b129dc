import Foundation

/// Runs the built `interlock` binary (from `swift build`) and captures its output.
///
/// The binary is found beside the test bundle in the build folder, or at `$INTERLOCK_BIN`.
enum CLIRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var binary: String {
        if let env = ProcessInfo.processInfo.environment["INTERLOCK_BIN"] { return env }
        // The test bundle lives in .build/<triple>/<config>/; the executable is built next to it.
        let bundleDir = Bundle.main.bundleURL
        let candidates = [
            bundleDir.appendingPathComponent("interlock").path,
            packageRoot.appendingPathComponent(".build/debug/interlock").path,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates.last!
    }

    /// Runs `interlock ARGS` in the package root (or `directory`), with `NO_COLOR` set, `environment`
    /// added and optional stdin; standard output goes to `output` when given (and `stdout` is then
    /// empty), else it is captured.
    static func run(
        _ arguments: [String], stdin: String? = nil, output: FileHandle? = nil, environment: [String: String] = [:],
        directory: URL? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? packageRoot
        var env = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        env["NO_COLOR"] = "1"
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = output ?? out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Read both pipes concurrently so neither fills up and blocks the child.
        nonisolated(unsafe) var errData = Data()
        let reader = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        try out.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !reader.isFinished { usleep(1000) }
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}
