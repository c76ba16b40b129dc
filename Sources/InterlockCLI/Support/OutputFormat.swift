import ArgumentParser

/// Every output format a command may offer; each command accepts a subset (see `validate`).
enum OutputFormat: String, CaseIterable, ExpressibleByArgument, Sendable {
    case text, json, csv, tsv, md, dot, yaml, sarif, html
    case nodeLink = "node-link"

    init?(argument: String) {
        switch argument.lowercased() {
        case "txt", "text": self = .text
        case "markdown": self = .md
        default: self.init(rawValue: argument.lowercased())
        }
    }

    static var allValueStrings: [String] { allCases.map(\.rawValue) }

    /// Throws a validation error (exit 2) unless `self` is one of `allowed`.
    func validate(_ allowed: [OutputFormat]) throws {
        guard allowed.contains(self) else {
            throw ValidationError("--format must be one of: \(allowed.map(\.rawValue).joined(separator: ", ")) (got \(rawValue))")
        }
    }
}
