import ArgumentParser
import Traffic

/// `--collective`: the canonical names, and the common spellings `Collective(name:)` reads.
extension Collective: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(name: argument)
    }
}

/// `--span`: job or all.
extension CommunicatorSpan: ExpressibleByArgument {}

/// `--routing` of `traffic simulate`: ecmp, dmodk or fluid, in any case.
extension RoutingChoice: CaseInsensitiveArgument {}
