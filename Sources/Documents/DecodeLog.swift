import Foundation
import InterlockCore

/// Something a tolerant reader accepted that the API server would not have accepted as written: an
/// unknown field it dropped, a missing field it took as Go's zero value.
public struct DecodeWarning: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Where the deviation is.
    public var location: SourceLocation
    /// A short stable name of the deviation (`unknown-field`, `missing-field`, `invalid-config`), as lint names it.
    public var check: String
    /// What was read, how it was taken, and what the API server would say.
    public var message: String

    /// A warning at `location`.
    public init(_ location: SourceLocation, _ check: String, _ message: String) {
        self.location = location
        self.check = check
        self.message = message
    }

    /// `file:line:column: message`.
    public var description: String { "\(location.file):\(location.line):\(location.column): \(message)" }

    /// By location, then check, then message.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.location, lhs.check, lhs.message) < (rhs.location, rhs.check, rhs.message)
    }
}

/// Where a tolerant reader records what it accepted (see `Cursor.log`). Thread-safe.
public final class DecodeLog: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [DecodeWarning] = []

    /// An empty log.
    public init() {}

    /// Records `warning`.
    public func add(_ warning: DecodeWarning) {
        lock.lock()
        defer { lock.unlock() }
        recorded.append(warning)
    }

    /// Everything recorded, sorted by location, each once.
    public var warnings: [DecodeWarning] {
        lock.lock()
        defer { lock.unlock() }
        return Array(Set(recorded)).sorted()
    }
}
