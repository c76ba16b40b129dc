import Foundation

/// Facts about the terminal, and the styles and progress lines that depend on them.
///
/// Colours appear only when the stream is a terminal, `NO_COLOR` is unset (https://no-color.org)
/// and `TERM` is not `dumb`. Progress lines go to stderr, only when stderr is a terminal.
enum Terminal {
    static let stdoutIsTerminal = isatty(STDOUT_FILENO) == 1
    static let stderrIsTerminal = isatty(STDERR_FILENO) == 1

    static var colourAllowed: Bool {
        let env = ProcessInfo.processInfo.environment
        return env["NO_COLOR"] == nil && env["TERM"] != "dumb"
    }

    /// ANSI styles used in human-readable output.
    enum Style: String {
        case bold = "1"
        case red = "31"
        case green = "32"
        case yellow = "33"
        case blue = "34"
        case dim = "2"
    }

    /// `text` wrapped in the style when stdout allows colour.
    static func styled(_ text: String, _ style: Style) -> String {
        guard stdoutIsTerminal && colourAllowed else { return text }
        return "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m"
    }

    /// Prints `error: MESSAGE` on stderr, as one line.
    static func printError(_ message: String) {
        let prefix = stderrIsTerminal && colourAllowed ? "\u{1B}[31merror:\u{1B}[0m " : "error: "
        FileHandle.standardError.write(Data((prefix + message + "\n").utf8))
    }

    /// Prints `note: MESSAGE` on stderr.
    static func printNote(_ message: String) {
        FileHandle.standardError.write(Data(("note: " + message + "\n").utf8))
    }

    /// Prints `warning: MESSAGE` on stderr.
    static func printWarning(_ message: String) {
        let prefix = stderrIsTerminal && colourAllowed ? "\u{1B}[33mwarning:\u{1B}[0m " : "warning: "
        FileHandle.standardError.write(Data((prefix + message + "\n").utf8))
    }

}

/// A one-line progress indicator on stderr, redrawn at most ten times a second, shown only when
/// stderr is a terminal.
final class ProgressLine {
    private let label: String
    private var lastDraw: UInt64 = 0
    private var drawn = false
    private let enabled = Terminal.stderrIsTerminal

    init(_ label: String) { self.label = label }

    /// Updates the line with `status` (for example `12.3M packets`).
    func update(_ status: @autoclosure () -> String) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        guard now - lastDraw > 100_000_000 else { return }
        lastDraw = now
        drawn = true
        FileHandle.standardError.write(Data("\r\u{1B}[K\(label): \(status())".utf8))
    }

    /// Erases the line.
    func finish() {
        guard drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        drawn = false
    }
}
