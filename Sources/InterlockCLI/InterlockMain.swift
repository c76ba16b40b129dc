import ArgumentParser
import Documents
import Foundation
import InterlockCore

/// The entry point: parses the command line, runs the command, and maps errors to exit codes.
///
/// Exit codes, the same for every command: 0 success; 1 findings reported; 2 bad input (a missing
/// or malformed file, an unknown name, a bad flag), with one line on stderr naming the file.
public enum InterlockMain {
    public static func run(arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Never {
        do {
            var command = try InterlockCommand.parseAsRoot(arguments)
            InputLimits.current = try InputLimits(environment: ProcessInfo.processInfo.environment)
            try (command as? WritesFiles)?.checkStandardInput()
            try (command as? WritesFiles)?.checkOutputs()
            try command.run()
            exit(0)
        } catch let error as InputError {
            Terminal.printError(error.description)
            exit(2)
        } catch let code as ExitCode {
            exit(code.rawValue)
        } catch {
            let code = InterlockCommand.exitCode(for: error)
            if code == .success {
                // --help, --version: ArgumentParser's own text on stdout.
                InterlockCommand.exit(withError: error)
            }
            Terminal.printError(oneLine(InterlockCommand.message(for: error)))
            exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }

    /// The first line of ArgumentParser's message; the accepted values it lists one a line
    /// (`  - value`, for six values or more) join it, comma-separated.
    static func oneLine(_ message: String) -> String {
        let lines = message.split(whereSeparator: \.isNewline)
        guard let first = lines.first else { return message }
        let values = lines.dropFirst().compactMap { $0.hasPrefix("  - ") ? $0.dropFirst(4) : nil }
        return values.isEmpty ? String(first) : first + " " + values.joined(separator: ", ")
    }
}
