import CoprCore
import Foundation

/// Clones a git repository and checks out a revision, with a time limit per operation and
/// a few logged attempts for the clone. Only network transports are allowed, plus `file://`
/// inside the workspace; git never prompts for credentials.
///
/// The clone URL's host passes ``URLPolicy``'s address rule before each attempt. Over
/// http(s), git's curl is pinned to the checked address (`http.curloptResolve`) and
/// follows no redirect (`http.followRedirects=false`), since git cannot have a redirect
/// target checked. The git and ssh transports resolve the host once more themselves and
/// offer no such pin; the check still refuses every host that names the farm itself.
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
                let options = try await connectionOptions(for: url, protocols: protocols)
                try await context.runner.run("git", options + ["clone", "--quiet", "--", url, directory],
                                             environment: environment, timeout: timeout)
                break
            } catch {
                guard attempt < Self.cloneAttempts, Self.isTransient(error) else { throw Self.final(error, url: url) }
                context.logger.warning("git clone attempt \(attempt)/\(Self.cloneAttempts) failed (\(error)); retrying in \(context.config.timings.httpRetryDelay)")
                try await Task.sleep(for: context.config.timings.httpRetryDelay)
                attempt += 1
            }
        }
        if let revision, !revision.isEmpty {
            try await context.runner.run("git", ["-C", directory, "checkout", "--quiet", revision, "--"],
                                         environment: environment, timeout: timeout)
        }
    }

    /// A failed clone or a host without an answer may work next time; a refusal never does.
    private static func isTransient(_ error: any Error) -> Bool {
        if error is HostRefusal { return true }
        if case .commandFailed? = error as? CoprRPMBuildError { return true }
        return false
    }

    /// The error a clone ends with: a host still without an answer is a failed download.
    private static func final(_ error: any Error, url: String) -> any Error {
        guard let refusal = error as? HostRefusal else { return error }
        return CoprRPMBuildError.downloadFailed(url: url, reason: "\(refusal) (after \(cloneAttempts) attempts)")
    }

    /// `-c` options that keep the clone on the checked address; none for `file://`.
    private func connectionOptions(for url: String, protocols: String) async throws -> [String] {
        guard protocols != "file" else { return [] }
        let pinned = try await context.downloader.policy.pin(url)
        return ["-c", "http.followRedirects=false"] + (pinned.curlResolveEntry.map { ["-c", "http.curloptResolve=\($0)"] } ?? [])
    }

    /// `GIT_ALLOW_PROTOCOL` for this URL; refuses local paths and helper transports.
    private func allowedProtocols(for url: String) throws -> String {
        guard !url.hasPrefix("-"), let scheme = URL(string: url)?.scheme?.lowercased() else {
            throw CoprRPMBuildError.forbiddenURL(url: TaskRules.shown(url), reason: "a clone URL must be an http(s), git or ssh URL")
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
