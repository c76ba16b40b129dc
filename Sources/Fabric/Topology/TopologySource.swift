import Documents
import InterlockCore

/// A topology as a file states it, before assembly: what to generate and the explicit entries, each
/// with its position so that every error can name file, line and column. The YAML reader, the
/// node-link JSON reader and the DOT reader all produce one; `TopologyAssembler` turns it into a
/// `FabricGraph`.
public struct TopologySource: Sendable {
    public var file: String
    public var name: String
    /// The generator and user networks, with the positions of their parameters.
    public var generator: Located<GeneratorDescription>?
    public var planes: [Located<(Plane, PlaneSettings)>] = []
    public var addressing: [Located<(FabricInterfaceKind, IPv4CIDR)>] = []
    public var nodes: [NodeEntry] = []
    public var links: [LinkEntry] = []

    public init(file: String, name: String) {
        self.file = file
        self.name = name
    }

    /// An error at `mark` in this file.
    func error(_ mark: Mark?, _ message: String) -> InputError {
        InputError(file: file, line: mark?.line, column: mark?.column, message)
    }
}

/// A value and where the file states it.
public struct Located<Value: Sendable>: Sendable {
    public var value: Value
    public var mark: Mark
    public init(_ value: Value, at mark: Mark) {
        self.value = value
        self.mark = mark
    }
}

/// One explicit device entry: a new device, or attributes overriding a generated one of that name.
public struct NodeEntry: Sendable {
    public var name: Located<String>
    public var kind: Located<DeviceKind>?
    public var role: Located<SwitchRole>?
    public var plane: Located<Plane>?
    public var rail: Int?
    public var scalableUnit: Int?
    public var pod: Int?
    /// The owning host (GPUs, NICs, BMCs), by name.
    public var host: Located<String>?
    /// The NIC of a GPU, by name.
    public var nic: Located<String>?
    /// Addresses by plane; `nil` plane means the device's own plane (`address:`).
    public var addresses: [Located<(Plane?, IPv4Address)>] = []

    public init(name: Located<String>) { self.name = name }
}

/// One explicit link entry: `cables` parallel links between two named devices.
public struct LinkEntry: Sendable {
    public var from: Located<String>
    public var to: Located<String>
    public var gbps: Double
    public var cables: Int = 1
    public var plane: Located<Plane>?
    public var mark: Mark

    public init(from: Located<String>, to: Located<String>, gbps: Double, mark: Mark) {
        self.from = from
        self.to = to
        self.gbps = gbps
        self.mark = mark
    }
}
