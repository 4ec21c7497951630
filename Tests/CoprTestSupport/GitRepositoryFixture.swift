import Foundation

/// Git repositories made by a test: package sources served over git's dumb HTTP protocol
/// by a ``StaticFileServer``, as a user's upstream repository would be.
public enum GitRepositoryFixture {
    /// Commits `files` (relative path → text) on `main`, tags `v1`, and leaves a bare,
    /// HTTP-servable copy at `path`. Returns the commit hash.
    @discardableResult
    public static func make(at path: String, files: [String: String]) async throws -> String {
        let work = path + ".work"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        for (name, text) in files {
            let target = work + "/" + name
            try FileManager.default.createDirectory(
                atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: target, atomically: true, encoding: .utf8)
        }
        let identity = ["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "init.defaultBranch=main"]
        _ = try await Shell.check("git", identity + ["init", "--quiet", work])
        _ = try await Shell.check("git", identity + ["-C", work, "add", "-A"])
        _ = try await Shell.check("git", identity + ["-C", work, "commit", "--quiet", "-m", "package"])
        _ = try await Shell.check("git", identity + ["-C", work, "tag", "v1"])
        let hash = try await Shell.check("git", ["-C", work, "rev-parse", "HEAD"]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try await Shell.check("git", ["clone", "--quiet", "--bare", work, path])
        _ = try await Shell.check("git", ["-C", path, "update-server-info"])
        return hash
    }
}
