import ArgumentParser
import InterlockCore

/// `--protocol`: a name (`TCP`, `udp`, `ICMP`..., any case) or a protocol number.
extension IPProtocol: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(name: argument)
    }

    public var defaultValueDescription: String { description }
}
