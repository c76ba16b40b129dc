import InterlockCore

/// One rank's MLCommons Chakra execution trace (ET): a `GlobalMetadata` message, then `Node` messages,
/// each preceded by its length as a varint. The fields read are those of Chakra's `et_def.proto`
/// (`Sources/Traffic/Workload/chakra_et_def.proto` keeps the subset with its field numbers).
public struct ChakraTrace: Sendable, Equatable {
    /// `Node.type` (`NodeType`).
    public enum NodeType: Int, Sendable {
        case invalid = 0
        case metadata, memoryLoad, memoryStore, compute, send, receive, collective
    }

    /// `CollectiveCommType` (the `comm_type` attribute of a collective node).
    public enum CommType: Int, Sendable {
        case allReduce = 0
        case reduce, allGather, gather, scatter, broadcast, allToAll, reduceScatter
        case reduceScatterBlock, barrier
    }

    /// An `AttributeProto` value: the scalar kinds and integer lists (other kinds are skipped).
    public enum Value: Sendable, Equatable {
        case int(Int64)
        case double(Double)
        case bool(Bool)
        case string(String)
        case ints([Int64])
    }

    /// A `Node`: what replay needs of it.
    public struct Node: Sendable, Equatable {
        public var id: UInt64
        public var name: String
        /// `nil` for a type this reader does not know (treated as taking no time).
        public var type: NodeType?
        public var ctrlDeps: [UInt64]
        public var dataDeps: [UInt64]
        public var durationMicros: UInt64
        /// `attr`, by name, in order.
        public var attributes: [(String, Value)]

        /// A node; attributes by name in order.
        public init(
            id: UInt64, name: String, type: NodeType?, ctrlDeps: [UInt64] = [], dataDeps: [UInt64] = [],
            durationMicros: UInt64 = 0, attributes: [(String, Value)] = []
        ) {
            self.id = id
            self.name = name
            self.type = type
            self.ctrlDeps = ctrlDeps
            self.dataDeps = dataDeps
            self.durationMicros = durationMicros
            self.attributes = attributes
        }

        /// The first attribute named `name`.
        public func attribute(_ name: String) -> Value? { attributes.first { $0.0 == name }?.1 }

        public static func == (a: Node, b: Node) -> Bool {
            a.id == b.id && a.name == b.name && a.type == b.type && a.ctrlDeps == b.ctrlDeps
                && a.dataDeps == b.dataDeps && a.durationMicros == b.durationMicros
                && a.attributes.elementsEqual(b.attributes) { $0.0 == $1.0 && $0.1 == $1.1 }
        }
    }

    /// `GlobalMetadata.version`.
    public var version: String
    /// `GlobalMetadata.attr`, by name, in order.
    public var metadata: [(String, Value)]
    /// The nodes, in file order.
    public var nodes: [Node]

    /// A trace.
    public init(version: String = "", metadata: [(String, Value)] = [], nodes: [Node]) {
        self.version = version
        self.metadata = metadata
        self.nodes = nodes
    }

    public static func == (a: ChakraTrace, b: ChakraTrace) -> Bool {
        a.version == b.version && a.nodes == b.nodes
            && a.metadata.elementsEqual(b.metadata) { $0.0 == $1.0 && $0.1 == $1.1 }
    }

    /// Decodes a trace file's bytes; errors name `file` and the byte offset.
    public static func decode(_ bytes: [UInt8], file: String) throws(InputError) -> ChakraTrace {
        var framing = ProtobufReader(bytes, file: file)
        guard !framing.atEnd else { throw InputError(file: file, "empty Chakra trace (no GlobalMetadata)") }
        var header = try framing.readMessage()
        var trace = ChakraTrace(nodes: [])
        while let (field, wire) = try header.readTag() {
            switch (field, wire) {
            case (1, ProtobufReader.lengthDelimited): trace.version = try header.readString()
            case (2, ProtobufReader.lengthDelimited):
                var m = try header.readMessage()
                if let a = try attribute(&m) { trace.metadata.append(a) }
            default: try header.skip(wireType: wire)
            }
        }
        while !framing.atEnd {
            var m = try framing.readMessage()
            trace.nodes.append(try node(&m))
        }
        return trace
    }

    static func node(_ r: inout ProtobufReader) throws(InputError) -> Node {
        var n = Node(id: 0, name: "", type: nil)
        var type = 0
        while let (field, wire) = try r.readTag() {
            switch (field, wire) {
            case (1, ProtobufReader.varint): n.id = try r.readVarint()
            case (2, ProtobufReader.lengthDelimited): n.name = try r.readString()
            case (3, ProtobufReader.varint): type = Int(truncatingIfNeeded: try r.readVarint())
            case (4, _): n.ctrlDeps += try r.readVarints(wireType: wire)
            case (5, _): n.dataDeps += try r.readVarints(wireType: wire)
            case (7, ProtobufReader.varint): n.durationMicros = try r.readVarint()
            case (10, ProtobufReader.lengthDelimited):
                var m = try r.readMessage()
                if let a = try attribute(&m) { n.attributes.append(a) }
            default: try r.skip(wireType: wire)
            }
        }
        n.type = NodeType(rawValue: type)
        return n
    }

    /// An `AttributeProto`: its name and value, or `nil` for a value kind not read.
    static func attribute(_ r: inout ProtobufReader) throws(InputError) -> (String, Value)? {
        var name = ""
        var value: Value?
        while let (field, wire) = try r.readTag() {
            switch (field, wire) {
            case (1, ProtobufReader.lengthDelimited): name = try r.readString()
            case (3, ProtobufReader.fixed64): value = .double(Double(bitPattern: try r.readFixed(UInt64.self)))
            case (5, ProtobufReader.fixed32): value = .double(Double(Float(bitPattern: try r.readFixed(UInt32.self))))
            case (7, ProtobufReader.varint), (9, ProtobufReader.varint), (11, ProtobufReader.varint),
                (13, ProtobufReader.varint):
                value = .int(Int64(truncatingIfNeeded: try r.readVarint()))
            case (15, ProtobufReader.varint), (17, ProtobufReader.varint):
                let z = try r.readVarint()
                value = .int(Int64(bitPattern: z >> 1) ^ -Int64(bitPattern: z & 1))
            case (27, ProtobufReader.varint): value = .bool(try r.readVarint() != 0)
            case (29, ProtobufReader.lengthDelimited): value = .string(try r.readString())
            case (8, ProtobufReader.lengthDelimited), (10, ProtobufReader.lengthDelimited),
                (12, ProtobufReader.lengthDelimited), (14, ProtobufReader.lengthDelimited):
                var list = try r.readMessage()
                var values: [Int64] = []
                while let (f, w) = try list.readTag() {
                    if f == 1 {
                        values += try list.readVarints(wireType: w).map { Int64(truncatingIfNeeded: $0) }
                    } else {
                        try list.skip(wireType: w)
                    }
                }
                value = .ints(values)
            default: try r.skip(wireType: wire)
            }
        }
        return value.map { (name, $0) }
    }

    /// The trace as a file's bytes, as Chakra's encoder frames it.
    public func encoded() -> [UInt8] {
        var header = ProtobufWriter()
        if !version.isEmpty { header.string(1, version) }
        for a in metadata { header.bytes(2, Self.encode(a)) }
        var out = ProtobufWriter()
        out.delimited(header.bytes)
        for n in nodes {
            var w = ProtobufWriter()
            w.varint(1, n.id)
            w.string(2, n.name)
            w.varint(3, UInt64(n.type?.rawValue ?? 0))
            w.packed(4, n.ctrlDeps)
            w.packed(5, n.dataDeps)
            w.varint(7, n.durationMicros)
            for a in n.attributes { w.bytes(10, Self.encode(a)) }
            out.delimited(w.bytes)
        }
        return out.bytes
    }

    static func encode(_ a: (String, Value)) -> [UInt8] {
        var w = ProtobufWriter()
        w.string(1, a.0)
        switch a.1 {
        case .int(let v):
            w.tag(9, ProtobufReader.varint)
            w.varint(UInt64(bitPattern: v))
        case .double(let v):
            w.tag(3, ProtobufReader.fixed64)
            var bits = v.bitPattern
            for _ in 0..<8 {
                w.appendByte(UInt8(bits & 0xff))
                bits >>= 8
            }
        case .bool(let v):
            w.tag(27, ProtobufReader.varint)
            w.varint(v ? 1 : 0)
        case .string(let v): w.string(29, v)
        case .ints(let v):
            var list = ProtobufWriter()
            list.packed(1, v.map { UInt64(bitPattern: $0) })
            w.bytes(10, list.bytes)
        }
        return w.bytes
    }
}
