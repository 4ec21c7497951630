import ArgumentParser
import AsyncHTTPClient
import CoprBackend
import CoprCore
import Foundation
import NIOHTTP1

/// `copr-backend status`: what the running daemon does now, asked over its HTTP address.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the running builds, the queue (with why each task waits), the builders, the recent failures and the message bus backlog of the daemon.")

    @Option(help: "The daemon's address, e.g. http://127.0.0.1:5006 (default: $COPR_BACKEND_DAEMON_URL, or [backend] http_listen of the configuration).")
    var url: String?

    @Option(name: [.customShort("c"), .customLong("config")], help: "The backend configuration file.")
    var configPath: String = BackendConfiguration.defaultPath

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() async throws {
        // Without the configuration at its usual place (and no -c), the daemon is taken to
        // listen where it does by default, and there is no journal to fall back on.
        let readsConfiguration = FileManager.default.fileExists(atPath: configPath) || configPath != BackendConfiguration.defaultPath
        let configuration = readsConfiguration ? try BackendConfiguration.loadForCommand(path: configPath) : nil
        let address = try daemonURL() ?? "http://\(configuration?.backend.httpListen ?? BackendOptions.defaultHTTPListen)"
        let body: Data
        do {
            let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "\(address)/status"), timeout: .seconds(10))
            // The embedded frontend's web interface answers /status with a page, not JSON.
            guard response.status == .ok, response.headers["content-type"].first?.hasPrefix("application/json") == true else {
                FileHandle.standardError.write(Data((
                    "copr-backend: \(address)/status answered \(response.status.code) \(response.status.reasonPhrase): this is not the "
                        + "daemon's address (the embedded frontend's?); the daemon listens on [backend] http_listen, "
                        + "\(BackendOptions.defaultHTTPListen) by default\n").utf8))
                throw ExitCode(1)
            }
            body = Data(try await response.body.collect(upTo: 64 << 20).readableBytesView)
        } catch let exit as ExitCode {
            throw exit
        } catch {
            FileHandle.standardError.write(Data("copr-backend: no daemon answers on \(address) (\(error)); start it with copr-backend run\n".utf8))
            if let configuration { try await printJournal(configuration) }
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
        printFarm(status)
    }

    /// The action dispatcher's counts, the builders' slots, the recent failures and the
    /// message bus backlog.
    private func printFarm(_ status: JSONValue) {
        if let actions = status["actions"] {
            let running = (actions["running"]?.arrayValue ?? []).compactMap(\.intValue).map(String.init)
            let ids = running.isEmpty ? "" : " (\(running.joined(separator: ", ")))"
            print("Actions: \(actions["waiting"]?.intValue ?? 0) waiting, \(running.count) running\(ids), \(actions["unreported"]?.intValue ?? 0) not yet reported")
        }
        let builders = status["builders"]?.arrayValue ?? []
        if !builders.isEmpty {
            print("Builders: \(builders.count)")
            for builder in builders {
                let kind = builder["local"]?.boolValue == true ? "this machine" : builder["address"]?.stringValue ?? "?"
                let slots = "\(builder["busy"]?.intValue ?? 0)/\(builder["slots"]?.intValue ?? 0) slots busy"
                print("  \(builder["name"]?.stringValue ?? "?")  \(kind)  \(slots)")
            }
        }
        let failures = status["recent_failures"]?.arrayValue ?? []
        print("Recent failures: \(failures.count)")
        for failure in failures {
            let ended = failure["ended_on"]?.doubleValue.map { String(format: "%.0f s ago", Date().timeIntervalSince1970 - $0) } ?? "?"
            let builder = failure["builder"]?.stringValue.map { " on \($0)" } ?? ""
            let reason = (failure["reason"]?.stringValue ?? "").split(separator: "\n").first.map(String.init) ?? ""
            print("  \(failure["task_id"]?.stringValue ?? "?")  \(ended)  \(failure["kind"]?.stringValue ?? "?")\(builder): \(reason.prefix(200))")
        }
        if let backlog = status["event_backlog"], backlog != .null {
            let oldest = backlog["oldest"]?.doubleValue.map { String(format: ", oldest %.0f s ago", Date().timeIntervalSince1970 - $0) } ?? ""
            print("Events waiting for the message buses: \(backlog["count"]?.intValue ?? 0)\(oldest)")
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

    /// `--url`, else `$COPR_BACKEND_DAEMON_URL` (not `$COPR_BACKEND_URL`: that names the
    /// frontend for the other commands), without a trailing slash; nil for neither.
    private func daemonURL() throws -> String? {
        guard let given = url ?? ProcessInfo.processInfo.environment["COPR_BACKEND_DAEMON_URL"].flatMap({ $0.isEmpty ? nil : $0 })
        else { return nil }
        let trimmed = given.hasSuffix("/") ? String(given.dropLast()) : given
        guard let parsed = URL(string: trimmed), parsed.scheme == "http" || parsed.scheme == "https", parsed.host?.isEmpty == false else {
            throw ValidationError("the daemon's address \(TaskRules.quoted(given)) is not an http:// URL with a host; e.g. http://127.0.0.1:5006")
        }
        return trimmed
    }
}
