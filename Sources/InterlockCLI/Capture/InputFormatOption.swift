import ArgumentParser
import FlowLogs

extension InputFormat: CaseInsensitiveArgument {}

/// `--input-format`: what the input files are, for the commands that read observed traffic.
struct InputFormatOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "What the inputs are: automatic (by content, never by name), a capture (pcap: pcap or pcapng), or a flow log (Hubble JSON lines, Zeek conn.log TSV or JSON, Calico JSON or CSV, IPFIX messages, NetFlow v9 packets).",
            valueName: "format"))
    var inputFormat: InputFormat = .automatic

    /// The option as arguments, when given: it shapes the result, so a shard's partial records it.
    var arguments: [String] { inputFormat == .automatic ? [] : ["--input-format", inputFormat.rawValue] }
}
