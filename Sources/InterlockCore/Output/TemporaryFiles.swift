import Dispatch
import Foundation

/// Temporary output files not yet renamed into place, removed when SIGINT or SIGTERM ends the run.
///
/// The first registration installs the handlers, once per process: each signal is then delivered to
/// a `DispatchSource` (not to an asynchronous handler), which removes every registered file and
/// exits with 128 + the signal's number (130 for SIGINT, 143 for SIGTERM). A signal the process
/// started with ignored (a background job's SIGINT) stays ignored.
enum TemporaryFiles {
    /// Adds `path` to the files removed on a signal; call before creating it.
    static func register(_ path: String) {
        Registry.shared.update { $0.insert(path) }
    }

    /// Removes `path` from them, once it is renamed into place or removed.
    static func unregister(_ path: String) {
        Registry.shared.update { $0.remove(path) }
    }

    /// The set behind a lock, and the signal sources that keep it (created with the set).
    private final class Registry: @unchecked Sendable {
        static let shared = Registry()
        private let lock = NSLock()
        private var paths: Set<String> = []
        private var sources: [DispatchSourceSignal] = []

        private init() {
            let queue = DispatchQueue(label: "interlock.signals")
            for signal in [SIGINT, SIGTERM] {
                // Ignore the default action (termination) so that the source sees the signal.
                let previous = Foundation.signal(signal, SIG_IGN)
                if let previous, unsafeBitCast(previous, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) {
                    continue
                }
                let source = DispatchSource.makeSignalSource(signal: signal, queue: queue)
                source.setEventHandler { [unowned self] in self.removeAll(exitingWith: 128 + signal) }
                source.resume()
                sources.append(source)
            }
        }

        func update(_ body: (inout Set<String>) -> Void) {
            lock.lock()
            defer { lock.unlock() }
            body(&paths)
        }

        /// Removes every registered file and exits; the lock is kept so that no new file appears.
        private func removeAll(exitingWith status: Int32) -> Never {
            lock.lock()
            for path in paths { unlink(path) }
            _exit(status)
        }
    }
}
