import Foundation

/// The sample outputs README.md shows, each with the command that prints it.
///
/// A sample is either a bare fenced block right after an `sh` block (the output of that block's
/// last command) or the `#` lines right under a command in an `sh` block (no blank line between).
struct ReadmeSamples {
    /// One sample output.
    struct Sample {
        /// The README line the sample starts on.
        var line: Int
        /// The shell variable assignments the README makes before the command.
        var assignments: [String]
        /// The commands of the same `sh` block before this one (they may write its input).
        var before: [String]
        var command: String
        /// The sample's lines, trailing spaces removed; `...` stands for lines left out.
        var lines: [String]
    }

    /// Every sample of README.md, in order.
    static func parse() throws -> [Sample] {
        let text = try String(contentsOf: CLIRunner.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        var parser = ReadmeSamples()
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            parser.read(String(raw), line: i + 1)
        }
        parser.closeComment()
        return parser.samples
    }

    private enum Block { case none, sh, output, other }
    private var block = Block.none
    private var samples: [Sample] = []
    private var assignments: [String] = []
    /// The commands of the current (or the last closed) `sh` block.
    private var commands: [String] = []
    private var pending = ""
    /// The `sh` block closed with nothing but blank lines since: an output block belongs to it.
    private var shJustClosed = false
    private var open: Sample?

    private mutating func read(_ line: String, line number: Int) {
        if line.hasPrefix("```") {
            closeComment()
            switch block {
            case .none:
                block = line == "```sh" ? .sh : line == "```" && shJustClosed ? .output : .other
                if block == .sh { commands = [] }
                if block == .output, let last = commands.last {
                    open = Sample(
                        line: number + 1, assignments: assignments,
                        before: commands.dropLast().map { $0 + " > /dev/null" },
                        command: last, lines: [])
                }
                shJustClosed = false
            case .sh:
                block = .none
                shJustClosed = true
            case .output:
                if let sample = open { samples.append(sample) }
                open = nil
                block = .none
            case .other:
                block = .none
            }
            return
        }
        switch block {
        case .output: open?.lines.append(Self.trimmed(line))
        case .sh: readShell(line, line: number)
        case .none: if !line.trimmingCharacters(in: .whitespaces).isEmpty { shJustClosed = false }
        case .other: break
        }
    }

    /// A line of an `sh` block: a command, a continuation, a comment, or a sample under a command.
    private mutating func readShell(_ line: String, line number: Int) {
        if line.hasPrefix("#") {
            if open == nil, pending.isEmpty, let last = commands.last, !ReadmeCommandsTests.isAssignment(last),
                lastWasCommand
            {
                open = Sample(
                    line: number, assignments: assignments, before: commands.dropLast().map { $0 + " > /dev/null" },
                    command: last, lines: [])
            }
            if open != nil {
                let body = line.dropFirst().hasPrefix(" ") ? String(line.dropFirst(2)) : String(line.dropFirst())
                open?.lines.append(Self.trimmed(body))
            }
            lastWasCommand = false
            return
        }
        closeComment()
        var code = line
        if let comment = code.range(of: "  #") { code = String(code[..<comment.lowerBound]) }
        code = code.trimmingCharacters(in: .whitespaces)
        lastWasCommand = !code.isEmpty
        if code.hasSuffix("\\") {
            pending += code.dropLast() + " "
            return
        }
        let command = pending + code
        pending = ""
        guard !command.isEmpty else { return }
        if ReadmeCommandsTests.isAssignment(command) { assignments.append(command) } else { commands.append(command) }
    }

    private var lastWasCommand = false

    /// Ends a sample of `#` lines.
    private mutating func closeComment() {
        guard block == .sh, let sample = open else { return }
        samples.append(sample)
        open = nil
    }

    private static func trimmed(_ line: String) -> String {
        line.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
    }

    /// The first run of `sample` lines (between `...` lines) that `output` does not hold in order
    /// after the runs before it, or `nil` when every run is there.
    static func firstMissing(_ sample: [String], in output: [String]) -> String? {
        var runs: [[String]] = [[]]
        for line in sample {
            if line.trimmingCharacters(in: .whitespaces) == "..." {
                runs.append([])
            } else {
                runs[runs.count - 1].append(line)
            }
        }
        var from = 0
        for run in runs where !run.isEmpty {
            guard
                let at = (from...max(from, output.count - run.count)).first(where: { start in
                    start + run.count <= output.count && Array(output[start..<start + run.count]) == run
                })
            else { return run.joined(separator: "\n") }
            from = at + run.count
        }
        return nil
    }
}
