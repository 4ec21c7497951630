import CoprBackend
import Testing

/// Sandboxed local builders of every test build as the one account `copr-build`, and each
/// build stops that account's leftover processes before its results are read (a daemon
/// gives each local builder an account of its own; tests running side by side share
/// one). Tests that build on such a builder therefore take turns.
actor LocalBuilderTurns {
    static let shared = LocalBuilderTurns()

    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// Runs `body` once no other test builds on a sandboxed local builder.
    static func take<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        await shared.acquire()
        do {
            let result = try await body()
            await shared.release()
            return result
        } catch {
            await shared.release()
            throw error
        }
    }

    /// Runs `body`, taking a turn when `configuration` has a sandboxed local builder.
    static func take<T: Sendable>(for configuration: BackendConfiguration, _ body: () async throws -> T) async throws -> T {
        let sandboxed = configuration.hosts.localIsolation.values.contains { $0 != .unsandboxed }
        return sandboxed ? try await take(body) : try await body()
    }

    private func acquire() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func release() {
        if waiting.isEmpty {
            busy = false
        } else {
            waiting.removeFirst().resume()
        }
    }
}

extension Trait where Self == TimeLimitTrait {
    /// The time limit of a suite whose tests take turns on the local builder: a test's
    /// time includes its wait for a turn behind every other such test of the run, so the
    /// limit covers the whole line (several minutes on a 2-core machine), not one test's own work.
    static var localBuilderTurns: Self { .timeLimit(.minutes(15)) }
}
