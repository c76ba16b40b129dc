import Foundation
import InterlockCore
import Testing

@testable import Traffic

/// The Chakra decoder and writer cross-checked with Google's protocol-buffers compiler (Debian's
/// protobuf-compiler): `protoc --encode` turns text-format messages into bytes with the schema
/// file we keep, and `protoc --decode` reads what our writer wrote.
@Suite struct ChakraProtocTests {
    static let schema = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Sources/Traffic/Workload").standardized

    /// Runs `protoc MODE=ChakraProtoMsg.MESSAGE chakra_et_def.proto` with `input` on standard input.
    static func protoc(_ mode: String, _ message: String, _ input: [UInt8]) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/protoc")
        process.arguments = ["--\(mode)=ChakraProtoMsg.\(message)", "-I", schema.path, "chakra_et_def.proto"]
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        stdin.fileHandleForWriting.write(Data(input))
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return [UInt8](out)
    }

    static func encode(_ message: String, _ text: String) throws -> [UInt8] {
        let bytes = try protoc("encode", message, Array(text.utf8))
        return WorkloadTests.varint(bytes.count) + bytes
    }

    @Test func decodesWhatProtocEncodes() throws {
        let file =
            try Self.encode(
                "GlobalMetadata",
                #"version: "0.0.4" attr { name: "pg_config" string_val: "[{\"pg_name\": \"7\", \"ranks\": [0, 1]}]" }"#)
            + Self.encode("Node", #"id: 10 name: "fwd" type: COMP_NODE duration_micros: 1500"#)
            + Self.encode(
                "Node",
                #"id: 11 name: "ar" type: COMM_COLL_NODE data_deps: 10 ctrl_deps: 3 "#
                    + #"attr { name: "comm_type" int64_val: 7 } attr { name: "comm_size" int64_val: 4096 } "#
                    + #"attr { name: "pg_name" string_val: "7" } attr { name: "is_cpu_op" bool_val: false } "#
                    + #"attr { name: "skew" double_val: 0.5 } attr { name: "peers" int64_list { values: [-1, 2] } }"#)
        let t = try ChakraTrace.decode(file, file: "p.et")
        #expect(t.version == "0.0.4")
        #expect(t.nodes[0] == ChakraTrace.Node(id: 10, name: "fwd", type: .compute, durationMicros: 1500))
        #expect(t.nodes[1].ctrlDeps == [3] && t.nodes[1].dataDeps == [10])
        #expect(t.nodes[1].attribute("is_cpu_op") == .bool(false))
        #expect(t.nodes[1].attribute("skew") == .double(0.5))
        #expect(t.nodes[1].attribute("peers") == .ints([-1, 2]))
        let w = try ChakraWorkload.make([t, t], files: ["p.0.et", "p.1.et"], ranks: 2)
        #expect(
            w.collectives == [
                WorkloadCollective(collective: .reduceScatter, bytes: 4096, groups: [[0, 1]], label: "ar")
            ])
        #expect(
            w.programs[0] == [WorkloadTask(.compute(seconds: 0.0015)), WorkloadTask(.collective(index: 0), after: [0])])
    }

    @Test func sendAndReceiveNodesAsChakrasConvertersWriteThem() throws {
        // int32 comm_src, comm_dst and comm_tag, int64 comm_size, as Chakra's converters type them.
        let metadata = try Self.encode("GlobalMetadata", #"version: "0.0.4""#)
        let send = try Self.encode(
            "Node",
            #"id: 1 name: "send_fwd" type: COMM_SEND_NODE attr { name: "comm_src" int32_val: 0 } "#
                + #"attr { name: "comm_dst" int32_val: 1 } attr { name: "comm_tag" int32_val: 3 } "#
                + #"attr { name: "comm_size" int64_val: 65536 }"#)
        let receive = try Self.encode(
            "Node",
            #"id: 1 name: "recv_fwd" type: COMM_RECV_NODE attr { name: "comm_src" int32_val: 0 } "#
                + #"attr { name: "comm_dst" int32_val: 1 } attr { name: "comm_tag" int32_val: 3 } "#
                + #"attr { name: "comm_size" int64_val: 65536 }"#)
        let traces = [
            try ChakraTrace.decode(metadata + send, file: "p.0.et"),
            try ChakraTrace.decode(metadata + receive, file: "p.1.et"),
        ]
        let w = try ChakraWorkload.make(traces, files: ["p.0.et", "p.1.et"], ranks: 2)
        #expect(
            w.collectives == [
                WorkloadCollective(collective: .sendReceive, bytes: 65536, groups: [[0, 1]], label: "send_fwd")
            ])
        // Our writer's send node, read back by protoc.
        let written = try ChakraWorkload.traces(of: w)[0].nodes[0]
        let bytes = ChakraTrace(nodes: [written]).encoded()
        var framed = ProtobufReader(bytes, file: "w")
        _ = try framed.readLengthDelimited()
        let node = String(
            decoding: try Self.protoc("decode", "Node", Array(bytes[try framed.readLengthDelimited()])), as: UTF8.self)
        #expect(node.contains("type: COMM_SEND_NODE") && node.contains("name: \"send_fwd\""))
        for (name, value) in [("comm_src", 0), ("comm_dst", 1), ("comm_size", 65536)] {
            #expect(node.contains("name: \"\(name)\"\n  int64_val: \(value)\n"), "\(name)")
        }
    }

    @Test func protocDecodesWhatWeWrite() throws {
        let training = SyntheticTraining(
            ranks: 4, tp: 2, layers: 1, compute: (forward: 3000, inputGradient: 2000, weightGradient: 1000),
            activationBytes: 1 << 20, gradientBytes: 1 << 24)
        let trace = try ChakraWorkload.traces(of: try SimAIWorkload.make(training.simAI(), file: "w", ranks: 4))[3]
        // Split the file into its length-prefixed messages.
        let bytes = trace.encoded()
        var reader = ProtobufReader(bytes, file: "w")
        var messages: [[UInt8]] = []
        while !reader.atEnd { messages.append(Array(bytes[try reader.readLengthDelimited()])) }
        #expect(messages.count == 1 + trace.nodes.count)
        let header = String(decoding: try Self.protoc("decode", "GlobalMetadata", messages[0]), as: UTF8.self)
        #expect(header.contains(#"\"pg_name\": \"1\", \"ranks\": [2, 3]"#))
        let nodes = try messages.dropFirst().map {
            String(decoding: try Self.protoc("decode", "Node", $0), as: UTF8.self)
        }
        // Forward compute, its tensor-parallel all-reduce (rank 3's group {2, 3}), ...
        #expect(nodes[0] == "name: \"compute 0\"\ntype: COMP_NODE\nduration_micros: 3\n")
        #expect(
            nodes[1]
                == """
                id: 1
                name: "layer0 forward"
                type: COMM_COLL_NODE
                data_deps: 0
                attr {
                  name: "comm_type"
                  int64_val: 0
                }
                attr {
                  name: "comm_size"
                  int64_val: 1048576
                }
                attr {
                  name: "pg_name"
                  string_val: "1"
                }

                """)
        // ... and the weight gradient's data-parallel all-reduce in group {1, 3}.
        #expect(nodes[5].contains("name: \"layer0 weight-gradient\"") && nodes[5].contains("int64_val: 16777216"))
        #expect(header.contains(#"\"ranks\": [1, 3]"#))
    }
}
