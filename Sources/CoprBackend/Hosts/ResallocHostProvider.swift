import Foundation
import Logging
import Yams

/// Builders leased from a resalloc server.
///
/// One ticket per allocation: take it, poll `collectTicket` on the `host_ready_backoff`
/// schedule until it is ready, parse the output (plain host name, or YAML with `host`,
/// `name`, `ssh_port`). A ticket that is closed, failed or unparsable is closed (upstream
/// leaks the unparsable ones) and a new one is taken after `host_retry_pause`.
public struct ResallocHostProvider: HostProvider {
    public let client: ResallocClient
    public let timing: TimingOptions
    /// Attempts of `closeTicket` on release before the ticket is reported as leaked.
    public var closeAttempts = 5

    public init(client: ResallocClient, timing: TimingOptions) {
        self.client = client
        self.timing = timing
    }

    public func allocate(_ request: HostRequest, logger: Logger) async throws -> BuilderHost {
        while true {
            let ticket = try await client.takeTicket(tags: request.tags, sandbox: request.sandbox, logger: logger)
            await request.ticketTaken?(ticket)
            logger.info("Allocating ssh connection to builder", metadata: ["ticket": "\(ticket)", "tags": "\(request.tags)"])
            do {
                return try await waitReady(ticket: ticket, request: request, logger: logger)
            } catch let error as AllocationTerminated {
                await close(ticket, logger: logger)
                logger.error("VM allocation failed, trying to allocate new VM: \(error.reason)")
                try await Task.sleep(for: timing.hostRetryPause)
            } catch {
                // Cancelled (or an RPC error under cancellation): give the ticket back now.
                await close(ticket, logger: logger)
                throw error
            }
        }
    }

    public func release(_ host: BuilderHost, logger: Logger) async {
        guard let ticket = host.ticketID else { return }
        await close(ticket, logger: logger)
    }

    public func isAlive(_ host: BuilderHost, logger: Logger) async -> Bool {
        guard let ticket = host.ticketID else { return true }
        guard let state = try? await client.collectTicket(ticket, attempts: 1, logger: logger) else {
            // resalloc unreachable says nothing about the builder; SSH will tell.
            return true
        }
        let alive = !state.failed && !state.closed
        logger.info("Periodic builder liveness probe: \(alive ? "alive" : "dead")")
        return alive
    }

    /// The ticket must still be ready; one that resalloc closed or failed is closed
    /// here. When resalloc does not answer, the host is assumed alive: SSH will tell.
    public func reclaim(_ host: BuilderHost, logger: Logger) async -> BuilderHost? {
        guard let ticket = host.ticketID else { return host }
        guard let state = try? await client.collectTicket(ticket, logger: logger) else { return host }
        guard state.ready, !state.failed, !state.closed else {
            logger.warning("Resalloc ticket \(ticket) is no longer usable (\(state.closed ? "closed" : state.failed ? "failed" : "not ready"))")
            await close(ticket, logger: logger)
            return nil
        }
        return host
    }

    private func waitReady(ticket: Int, request: HostRequest, logger: Logger) async throws -> BuilderHost {
        var check = 0
        while true {
            let state = try await client.collectTicket(ticket, logger: logger)
            if state.closed { throw AllocationTerminated(reason: "ticket \(ticket) was closed") }
            if state.failed { throw AllocationTerminated(reason: "ticket \(ticket) failed") }
            if state.ready {
                return try Self.host(fromOutput: state.output ?? "", ticket: ticket, tags: request.tags)
            }
            try await Task.sleep(for: timing.hostReadyDelay(attempt: check))
            check += 1
        }
    }

    /// Parses ticket output: YAML when the first line is `---` (HEAD), else the first
    /// line is the host name.
    static func host(fromOutput output: String, ticket: Int, tags: [String]) throws -> BuilderHost {
        let firstLine = output.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? ""
        var host = BuilderHost(
            hostname: "", port: nil, name: nil, user: nil,
            allocationID: "ticket-\(ticket)", ticketID: ticket, requestedTags: tags)
        let rawHost: String
        if firstLine.trimmingCharacters(in: .whitespaces) == "---" {
            guard let yaml = try? Yams.load(yaml: output) as? [String: Any],
                  let name = yaml["name"].map({ "\($0)" }), let value = yaml["host"].map({ "\($0)" })
            else { throw AllocationTerminated(reason: "ticket \(ticket) output is not the expected YAML (host, name)") }
            rawHost = value
            host.name = name
            if let port = yaml["ssh_port"] {
                guard let number = Int("\(port)"), (1...65535).contains(number) else {
                    throw AllocationTerminated(reason: "ticket \(ticket) has an invalid ssh_port \(port)")
                }
                host.port = number
            }
        } else {
            rawHost = firstLine
        }
        guard let hostname = BuilderHost.validatedHostname(rawHost) else {
            throw AllocationTerminated(reason: "ticket \(ticket) output is not a host name: \(rawHost.prefix(80))")
        }
        host.hostname = hostname
        return host
    }

    public func closeTicket(_ ticket: Int, logger: Logger) async {
        await close(ticket, logger: logger)
    }

    private func close(_ ticket: Int, logger: Logger) async {
        // Runs also after the allocating task was cancelled: close in a fresh task so
        // the cancellation does not abort the RPC that gives the machine back.
        let client = self.client, attempts = closeAttempts
        let closed = await Task {
            do {
                try await client.closeTicket(ticket, attempts: attempts, logger: logger)
                return true
            } catch {
                logger.error("Cannot close resalloc ticket \(ticket), it leaks until closed by hand (resalloc ticket-close \(ticket)): \(error)")
                return false
            }
        }.value
        if closed { logger.info("VM Release request", metadata: ["ticket": "\(ticket)"]) }
    }
}

/// The ticket can never become a usable host; take another one.
struct AllocationTerminated: Error {
    var reason: String
}
