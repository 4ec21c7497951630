import ArgumentParser
import CoprBackend
import Foundation
import Logging

/// Opens the configured message buses for a command; a bus that cannot be set up (an
/// unreadable certificate) is a configuration problem: exit 2 with one line.
enum MessageBusesCommandSupport {
    static func open(
        _ configuration: BackendConfiguration, journal: Journal, metrics: BackendMetrics?, logger: Logger
    ) throws -> (events: any BuildEventSink, delivery: EventDelivery?) {
        do {
            return try EventDelivery.from(configuration, journal: journal, metrics: metrics, logger: logger)
        } catch {
            FileHandle.standardError.write(Data("copr-backend: cannot set up the message buses of \(configuration.backend.msgbusConfigDir): \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}
