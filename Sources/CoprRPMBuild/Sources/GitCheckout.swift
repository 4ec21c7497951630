import Foundation

/// Clones a git repository and checks out a revision, with a time limit per operation and
/// a few logged attempts for the clone. Only network transports are allowed, plus `file://`
/// inside the workspace; git never prompts for credentials.
public struct GitCheckout: Sendable {
    public let context: BuildContext

    /// Clone attempts (network hiccups are common, broken URLs are not worth more).
    static let cloneAttempts = 3

    public func clone(_ url: String, revision: String?, into directory: String) async throws {
        let protocols = try allowedProtocols(for: url)
        let environment = ["GIT_TERMINAL_PROMPT": "0", "GIT_ALLOW_PROTOCOL": protocols,
                           "GIT_CONFIG_NOSYSTEM": "1"]
        let timeout = context.config.timings.gitTimeout
        var attempt = 1
        while true {
            try Directories.recreate(directory)
            do {
                try await context.runner.run("git", ["clone", "--quiet", "--", url, directory],
                                             environment: environment, timeout: timeout)
                break
            } catch let error as CoprRPMBuildError {
                guard attempt < Self.cloneAttempts, case .commandFailed = error else { throw error }
                context.logger.warning("git clone attempt \(attempt)/\(Self.cloneAttempts) failed; retrying in \(context.config.timings.httpRetryDelay)")
                try await Task.sleep(for: context.config.timings.httpRetryDelay)
                attempt += 1
            }
        }
        if let revision, !revision.isEmpty {
            try await context.runner.run("git", ["-C", directory, "checkout", "--quiet", revision, "--"],
                                         environment: environment, timeout: timeout)
        }
    }

    /// `GIT_ALLOW_PROTOCOL` for this URL; refuses local paths and helper transports.
    private func allowedProtocols(for url: String) throws -> String {
        guard !url.hasPrefix("-"), let scheme = URL(string: url)?.scheme?.lowercased() else {
            throw CoprRPMBuildError.forbiddenURL(url: TaskValidator.printable(url), reason: "a clone URL must be an http(s), git or ssh URL")
        }
        switch scheme {
        case "http", "https", "git", "ssh":
            return "http:https:git:ssh"
        case "file":
            _ = try context.downloader.policy.check(url)
            return "file"
        default:
            throw CoprRPMBuildError.forbiddenURL(url: url, reason: "a clone URL must be an http(s), git or ssh URL")
        }
    }
}
