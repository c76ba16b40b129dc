import ArgumentParser
import FlowLogs

extension InputFormat: CaseInsensitiveArgument {}

/// `--input-format`: what the input files are, for the commands that read observed traffic.
struct InputFormatOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "What the inputs are: automatic (by content, not name), pcap (pcap or pcapng), or a flow log: hubble, zeek (conn.log TSV), zeek-json, calico (JSON), calico-csv, ipfix.",
            valueName: "format"))
    var inputFormat: InputFormat = .automatic
}
