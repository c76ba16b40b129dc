import ArgumentParser
import InterlockCore

/// A quantity with units on the command line (`1GiB`, `400Gb/s`, `20ms`), read by one of `Units`'
/// parsers: a value that does not parse is a usage error naming the option.
struct Quantity<Unit: QuantityUnit>: ExpressibleByArgument, Sendable {
    /// In the unit's base: bytes, bits per second or seconds.
    let value: Double
    /// As typed (the help shows a default this way).
    let defaultValueDescription: String

    init?(argument: String) {
        guard let value = Unit.parse(argument), value > 0 || Unit.allowsZero else { return nil }
        self.value = value
        defaultValueDescription = argument
    }
}

/// How a `Quantity` reads its text.
protocol QuantityUnit: Sendable {
    /// The value of `text` in the base unit, or `nil` when it is not one.
    static func parse(_ text: String) -> Double?
    /// Whether zero is a value (else only positive ones are); no unless the unit says so.
    static var allowsZero: Bool { get }
}

extension QuantityUnit {
    static var allowsZero: Bool { false }
}

/// A byte size with binary or decimal units (`1GiB`, `256MiB`, `4GB`), above zero.
enum Bytes: QuantityUnit {
    static func parse(_ text: String) -> Double? { Units.parseBytes(text) }
    /// The sizes a collective takes per rank: 1 byte through 1 TiB, so that the whole bytes of every
    /// flow and link sum stay far inside 64 bits.
    static let range: ClosedRange<Double> = 1...0x1p40
}

/// A bit rate (`400Gb/s`, `3.2Tb/s`), above zero.
enum BitRate: QuantityUnit {
    static func parse(_ text: String) -> Double? { Units.parseRate(text) }
}

/// A time span (`20ms`, `1.5s`), above zero.
enum TimeSpan: QuantityUnit {
    static func parse(_ text: String) -> Double? { Units.parseDuration(text) }
}

/// An idle timeout (`120s`, `2m`, `500ms`); zero is allowed.
enum IdleTime: QuantityUnit {
    static func parse(_ text: String) -> Double? { Units.parseDuration(text) }
    static var allowsZero: Bool { true }
}
