import ArgumentParser
import Findings

/// `--fail-on`: the least severity that fails the run, or never.
enum FailOn: Equatable, ExpressibleByArgument {
    case severity(Severity)
    case never

    init?(argument: String) {
        if argument == "never" {
            self = .never
        } else if let severity = Severity(rawValue: argument) {
            self = .severity(severity)
        } else {
            return nil
        }
    }

    var defaultValueDescription: String {
        switch self {
        case .severity(let severity): return severity.rawValue
        case .never: return "never"
        }
    }

    /// From the most severe down, then never.
    static var allValueStrings: [String] { Severity.allCases.reversed().map(\.rawValue) + ["never"] }

    /// The severity at and above which findings fail the run (`nil`: none do).
    var threshold: Severity? {
        if case .severity(let severity) = self { return severity }
        return nil
    }
}
