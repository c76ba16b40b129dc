import ArgumentParser
import InterlockCore
import FabricACL

/// `interlock acl match`: the first matching rule of every header of a trace.
struct ACLMatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Print the first rule each header of a ClassBench trace matches.",
        discussion: """
            One line per header, in trace order; the last field is the 0-based index of the first \
            matching rule, or -1 when none matches (the ACL's default action then applies). The text \
            form is an aligned table; the tsv form repeats the header as the trace wrote it (decimal \
            integers): `sip dip sport dport proto index`.
            """
    )

    @Option(help: "Rules: a ClassBench filter file, or YAML with FabricACL documents.")
    var rules: String

    @Option(help: "Headers: a ClassBench trace (sip dip sport dport proto as decimal integers).")
    var trace: String

    @Option(help: "The ACL to use when the rules file holds several (by metadata.name).")
    var acl: String?

    @Option(help: "Classifier: compiled (decision trees) or linear (the reference scan).")
    var engine: Engine = .compiled

    @Option(help: "Output format.")
    var format: Format = .text

    @Option(name: .shortAndLong, help: "Write the output to this file instead of stdout.")
    var output: String?

    enum Engine: String, ExpressibleByArgument, CaseIterable { case compiled, linear }

    /// What `match` writes.
    enum Format: String, FormatArgument { case text, tsv, json }

    func run() throws {
        let acls = try ACLSource.load(paths: [rules])
        let chosen: ACL
        if let acl {
            guard let found = acls.first(where: { $0.name == acl }) else {
                throw InputError(file: rules, "no ACL named '\(acl)' (found: \(acls.map(\.name).sorted().joined(separator: ", ")))")
            }
            chosen = found
        } else {
            guard acls.count == 1 else {
                throw InputError(file: rules, "holds \(acls.count) ACLs; choose one with --acl (\(acls.map(\.name).sorted().joined(separator: ", ")))")
            }
            chosen = acls[0]
        }
        let traceText = String(decoding: try readFile(trace), as: UTF8.self)
        let headers = try ClassBenchFormat.parseTrace(traceText, file: trace)
        let classifier: any PacketClassifier = engine == .compiled
            ? DecisionTreeClassifier(rules: chosen.rules) : LinearClassifier(rules: chosen.rules)

        let out = try OutputWriter(path: output)
        if format == .json { out.write("[") }
        if format == .text { out.write(Self.textLine(["SOURCE", "DESTINATION", "SPORT", "DPORT", "PROTO", "ACTION", "RULE"])) }
        for (i, h) in headers.enumerated() {
            let index = classifier.firstMatch(h)
            switch format {
            case .tsv:
                out.write(ClassBenchFormat.format(h) + "\t\(index)\n")
            case .json:
                let action = index >= 0 ? chosen.rules[index].action : chosen.defaultAction
                out.write((i == 0 ? "\n  " : ",\n  ") + JSON.object([
                    ("source", .string(IPv4Address(h.source).description)),
                    ("destination", .string(IPv4Address(h.destination).description)),
                    ("sourcePort", .int(Int(h.sourcePort))), ("destinationPort", .int(Int(h.destinationPort))),
                    ("protocol", .int(Int(h.proto))), ("action", .string(action.rawValue)), ("rule", .int(index)),
                ]).serialized(pretty: false))
            case .text:
                let action = index >= 0 ? chosen.rules[index].action.rawValue : "default-\(chosen.defaultAction.rawValue)"
                out.write(Self.textLine([IPv4Address(h.source).description, IPv4Address(h.destination).description,
                                         String(h.sourcePort), String(h.destinationPort),
                                         IPProtocol(rawValue: h.proto).description, action, String(index)]))
            }
        }
        if format == .json { out.write(headers.isEmpty ? "]\n" : "\n]\n") }
        try out.commit()
    }

    /// Column widths of the text form: fixed, so that a long trace streams without a second pass.
    static let widths = [15, 15, 5, 5, 6, 14]

    /// One aligned line: every column but the last padded to its width, two spaces apart.
    static func textLine(_ cells: [String]) -> String {
        var line = ""
        for (i, cell) in cells.enumerated() {
            line += cell
            if i < widths.count { line += String(repeating: " ", count: max(0, widths[i] - cell.count) + 2) }
        }
        return line + "\n"
    }
}
