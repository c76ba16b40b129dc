import ArgumentParser
import Capture

/// `interlock capture formats`: the link types and encapsulations the capture decoder reads.
struct CaptureFormatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "formats",
        abstract: "List the link types and encapsulations that capture commands decode.",
        discussion: """
            One row per link type (by DLT, as libpcap reports it) and per header followed inside a \
            frame. A frame of any other link type is counted as unsupported-linktype; one that cannot \
            be read is counted under a named undecodable reason. The README's list is this table in \
            Markdown (--format md).
            """
    )

    /// The formats this command writes.
    enum Format: String, FormatArgument {
        case text, md, json
    }

    @Option(help: "Output format.")
    var format: Format = .text

    @Option(name: .shortAndLong, help: "Write the table to this file instead of stdout.")
    var output: String?

    func run() throws {
        switch format {
        case .text: try OutputWriter.emit(SupportedEncapsulations.text(), to: output)
        case .md: try OutputWriter.emit(SupportedEncapsulations.markdown(), to: output)
        case .json: try OutputWriter.emit(json: SupportedEncapsulations.json(), to: output)
        }
    }
}

extension CaptureFormatsCommand: WritesFiles {
    var outputPaths: [String?] { [output] }
    var inputPaths: [String] { [] }
}
