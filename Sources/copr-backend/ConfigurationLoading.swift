import ArgumentParser
import CoprBackend
import Foundation
import Logging

/// What every command opens from its configuration. A problem is printed as one line and
/// ends the process: exit code 2 for bad configuration, 1 when the machine refuses (a log
/// or state directory that cannot be written).
extension BackendConfiguration {
    static func loadForCommand(path: String) throws -> BackendConfiguration {
        do {
            return try load(path: path)
        } catch let error as ConfigurationError {
            throw failure(error, exitCode: 2)
        }
    }

    /// The loggers of `<log_dir>/<name>.log`, in the order named.
    func loggersForCommand(_ names: String...) throws -> [Logger] {
        do {
            return try names.map { try BackendEnvironment.prepare(self, logName: $0) }
        } catch {
            throw Self.failure(error, exitCode: 1)
        }
    }

    /// `<state_dir>/journal.sqlite`.
    func journalForCommand() throws -> Journal {
        do {
            return try Journal(path: Journal.path(stateDirectory: backend.stateDir))
        } catch {
            throw Self.failure("cannot open the journal in \(backend.stateDir): \(error)", exitCode: 1)
        }
    }

    /// The buses of `msgbus_config_dir` behind the journal's outbox; a bus that cannot be
    /// set up (an unreadable certificate) is a configuration problem.
    func messageBusesForCommand(
        journal: Journal, metrics: BackendMetrics?, logger: Logger
    ) throws -> (events: any BuildEventSink, delivery: EventDelivery?) {
        do {
            return try EventDelivery.from(self, journal: journal, metrics: metrics, logger: logger)
        } catch {
            throw Self.failure("cannot set up the message buses of \(backend.msgbusConfigDir): \(error)", exitCode: 2)
        }
    }

    /// Refuses to start when a sandboxed builder on this machine cannot run here.
    func localBuildersForCommand(shells: any RemoteShellFactory) async throws {
        guard let shells = shells as? BuilderShellFactory else { return }
        do {
            try await LocalSandboxCheck.verify(self, shells: shells)
        } catch {
            throw Self.failure(error, exitCode: 1)
        }
    }

    /// Prints the problem; the caller throws the exit code.
    private static func failure(_ problem: Any, exitCode: Int32) -> ExitCode {
        FileHandle.standardError.write(Data("copr-backend: \(problem)\n".utf8))
        return ExitCode(exitCode)
    }
}
