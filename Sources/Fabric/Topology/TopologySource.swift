import Documents
import InterlockCore

/// A topology as a file states it, before assembly: what to generate and the explicit entries, each
/// with its position so that every error can name file, line and column. The YAML reader, the
/// node-link JSON reader and the DOT reader all produce one; `TopologyAssembler` turns it into a
/// `FabricGraph`.
public struct TopologySource: Sendable {
    /// The file the topology was read from.
    public var file: String
    /// The topology's name: the file's `name`, else one derived from the file name.
    public var name: String
    /// The generator and user networks, with the positions of their parameters.
    public var generator: Located<GeneratorDescription>?
    /// Per-plane settings the file states, overriding the generator's.
    public var planes: [Located<(Plane, PlaneSettings)>] = []
    /// Base prefixes the file states for the address plan, by interface kind.
    public var addressing: [Located<(FabricInterfaceKind, IPv4CIDR)>] = []
    /// Explicit device entries, in file order.
    public var nodes: [NodeEntry] = []
    /// Explicit link entries, in file order.
    public var links: [LinkEntry] = []

    /// An empty source: nothing generated, no entries.
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
    /// The value.
    public var value: Value
    /// Where the file states it.
    public var mark: Mark
    /// `value` stated at `mark`.
    public init(_ value: Value, at mark: Mark) {
        self.value = value
        self.mark = mark
    }
}

/// One explicit device entry: a new device, or attributes overriding a generated one of that name.
public struct NodeEntry: Sendable {
    /// The device's name: a new device, or the generated one to override.
    public var name: Located<String>
    /// The device's kind; required for a new device.
    public var kind: Located<DeviceKind>?
    /// The switch role (switches only).
    public var role: Located<SwitchRole>?
    /// The plane, when the file gives it.
    public var plane: Located<Plane>?
    /// The rail, for rail-fabric devices.
    public var rail: Int?
    /// The scalable unit, for rail-fabric devices.
    public var scalableUnit: Int?
    /// The fat-tree pod, for fat-tree devices.
    public var pod: Int?
    /// The owning host (GPUs, NICs, BMCs), by name.
    public var host: Located<String>?
    /// The NIC of a GPU, by name.
    public var nic: Located<String>?
    /// Addresses by plane; `nil` plane means the device's own plane (`address:`).
    public var addresses: [Located<(Plane?, IPv4Address)>] = []

    /// An entry for the device called `name`, with no attributes yet.
    public init(name: Located<String>) { self.name = name }
}

/// One explicit link entry: `cables` parallel links between two named devices.
public struct LinkEntry: Sendable {
    /// One end, by device name.
    public var from: Located<String>
    /// The other end, by device name.
    public var to: Located<String>
    /// Capacity of each cable, in Gb/s.
    public var gbps: Double
    /// Parallel cables the entry stands for.
    public var cables: Int = 1
    /// The plane, when the file gives it (else taken from the ends).
    public var plane: Located<Plane>?
    /// Where the entry starts.
    public var mark: Mark

    /// An entry for one cable of `gbps` between `from` and `to`.
    public init(from: Located<String>, to: Located<String>, gbps: Double, mark: Mark) {
        self.from = from
        self.to = to
        self.gbps = gbps
        self.mark = mark
    }
}
