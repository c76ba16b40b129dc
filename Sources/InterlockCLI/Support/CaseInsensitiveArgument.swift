import ArgumentParser

/// An option value named by its raw value, matched without regard to case (`--routing ECMP`); the
/// help and shell completion list the cases. Public so that the libraries' enums can take it on.
public protocol CaseInsensitiveArgument: ExpressibleByArgument, CaseIterable, RawRepresentable<String> {}

extension CaseInsensitiveArgument {
    public init?(argument: String) {
        self.init(rawValue: argument.lowercased())
    }
}
