import ArgumentParser

/// A command's `--format`: an enum of only the formats that command writes, so that `--help` and
/// shell completion list exactly those and any other is a usage error. Names match without regard
/// to case, and `txt`/`text` and `md`/`markdown` are two spellings of one format. Public so that
/// the libraries' format enums can take it on.
public protocol FormatArgument: ExpressibleByArgument, CaseIterable, RawRepresentable<String> {}

extension FormatArgument {
    public init?(argument: String) {
        let name = formatSpelling(argument.lowercased())
        guard let format = Self.allCases.first(where: { formatSpelling($0.rawValue) == name }) else { return nil }
        self = format
    }
}

/// One spelling of each format name.
private func formatSpelling(_ name: String) -> String {
    switch name {
    case "txt": return "text"
    case "markdown": return "md"
    default: return name
    }
}

/// Formats of a report written as text or JSON.
enum ReportFormat: String, FormatArgument {
    case text, json
}

/// Formats of a table written as text, JSON or CSV.
enum TableFormat: String, FormatArgument {
    case text, json, csv
}
