import ArgumentParser
import AsyncHTTPClient
import CoprBackend
import CoprCore
import Foundation

/// `copr-backend status`: what the running daemon does now, asked over its HTTP address.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the queue (with why each task waits) and the running builds of the daemon.")

    @Option(name: [.customShort("c"), .customLong("config")], help: "The backend configuration file.")
    var configPath: String = BackendConfiguration.defaultPath

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() async throws {
        let configuration = try BackendConfiguration.loadForCommand(path: configPath)
        let address = configuration.backend.httpListen
        let body: Data
        do {
            let response = try await HTTPClient.shared.execute(
                HTTPClientRequest(url: "http://\(address)/status"), timeout: .seconds(10))
            guard response.status == .ok else { throw DaemonUnavailable(status: Int(response.status.code)) }
            body = Data(try await response.body.collect(upTo: 64 << 20).readableBytesView)
        } catch {
            FileHandle.standardError.write(Data("copr-backend: no daemon answers on \(address) (\(error)); start it with copr-backend run\n".utf8))
            try await printJournal(configuration)
            throw ExitCode(1)
        }
        if json {
            print(String(decoding: body, as: UTF8.self))
            return
        }
        let status = try JSONValue.decode(body)
        let running = status["running"]?.arrayValue ?? []
        let queue = status["queue"]?.arrayValue ?? []
        print("Running builds: \(running.count)")
        for build in running {
            let started = build["started_on"]?.doubleValue.map { Date(timeIntervalSince1970: $0) }
            let duration = started.map { String(format: "%.0f s", Date().timeIntervalSince($0)) } ?? "?"
            let phase = build["phase"]?.stringValue ?? "?"
            let host = build["host"]?.stringValue ?? "no host yet"
            let attempt = build["attempt"]?.intValue ?? 0
            print("  \(build["task_id"]?.stringValue ?? "?")  running for \(duration)  \(phase) on \(host), attempt \(attempt)")
        }
        print("Queued tasks: \(queue.count)")
        for task in queue {
            let reason = task["waiting_for"].map { waiting -> String in
                "waits for \(waiting["limit"]?.stringValue ?? "?") (\(waiting["count"]?.intValue ?? 0)/\(waiting["max"]?.intValue ?? 0))"
            } ?? "waits for the next cycle"
            print("  \(task["task_id"]?.stringValue ?? "?")  priority \(task["priority"]?.intValue ?? 0)  \(reason)")
        }
    }

    /// Without a daemon, what its journal says was in flight when it stopped.
    private func printJournal(_ configuration: BackendConfiguration) async throws {
        let path = Journal.path(stateDirectory: configuration.backend.stateDir)
        guard FileManager.default.fileExists(atPath: path) else {
            print("No journal at \(path): no daemon has run with this state dir.")
            return
        }
        let entries = try await Journal(path: path).inFlight()
        print("The journal at \(path) lists \(entries.count) build(s) in flight when the daemon stopped:")
        for entry in entries {
            guard let lifecycle = entry.lifecycle else {
                let ticket = entry.abandonedTicket.map { ", ticket \($0)" } ?? ""
                print("  \(entry.taskID)  left by an older daemon, not taken up\(ticket)")
                continue
            }
            let ticket = lifecycle.ticketID.map { ", ticket \($0)" } ?? ""
            print("  \(entry.taskID)  \(lifecycle.phase.rawValue) on \(lifecycle.lease?.hostname ?? "no host"), attempt \(lifecycle.attempt)\(ticket)")
        }
    }

    private struct DaemonUnavailable: Error, CustomStringConvertible {
        var status: Int
        var description: String { "HTTP \(status)" }
    }
}
