import Foundation
import Logging
import ServiceLifecycle

/// Deletes the projects whose `delete_after_days` ran out (Copr's periodic clean-up of
/// temporary projects): every `interval`, the projects ``ProjectExpiry`` finds expired
/// are deleted with their results, as a user's `project delete` deletes them. A project
/// with a build that has not ended, or whose results could not be removed, is kept and
/// tried again on the next pass. A `Service` of the daemon's group: it stops at once on
/// a graceful shutdown, between two deletions.
///
/// ```swift
/// let sweep = ProjectExpirySweep(store: store, actions: userAPI, interval: .seconds(3600), logger: logger)
/// ```
public struct ProjectExpirySweep: Service {
    private let store: FrontendStore
    private let actions: UserAPI
    private let interval: Duration
    private let clock: @Sendable () -> Double
    private let logger: Logger

    /// - Parameters:
    ///   - actions: The user API whose project deletion the sweep shares.
    ///   - interval: The sleep between two passes.
    ///   - clock: UNIX time now; the store's clock when not given.
    public init(
        store: FrontendStore, actions: UserAPI, interval: Duration = .seconds(3600),
        clock: (@Sendable () -> Double)? = nil, logger: Logger
    ) {
        self.store = store
        self.actions = actions
        self.interval = interval
        self.clock = clock ?? store.clock
        self.logger = logger
    }

    /// Passes until cancelled or shut down, which ends it without an error.
    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            await sweep()
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch is CancellationError {
                return
            }
        }
    }

    /// One pass: deletes what has expired now; returns the full names of the projects it
    /// deleted.
    @discardableResult
    public func sweep() async -> [String] {
        let expired: [Project]
        do {
            expired = try await store.expiredProjects(now: clock())
        } catch {
            logger.error("Listing the expired projects failed: \(error)")
            return []
        }
        var deleted: [String] = []
        for listed in expired where !Task.isShuttingDownGracefully {
            let project: Project
            do {
                // Read again: while earlier projects were deleted, this one may have been
                // given more days, or deleted, by its owner.
                guard let current = ProjectExpiry.expired([try await store.project(owner: listed.owner, name: listed.name)], now: clock()).first
                else { continue }
                project = current
            } catch {
                continue
            }
            do {
                try await actions.removeProject(project)
                deleted.append(project.fullName)
                logger.info("Deleted project \(project.fullName): its delete_after_days ran out")
            } catch {
                logger.warning("Project \(project.fullName) has expired but is kept until the next pass: \(error)")
            }
        }
        return deleted
    }
}
