import CoprCore

/// Which packages of a project a ``WebhookPush`` rebuilds, and from which revision: a
/// package with `webhook_rebuild` on whose clone URL is the pushed repository's (compared
/// without a trailing `/` or `.git`), and
/// - for a branch: whose committish is empty or names that branch, and some pushed commit
///   changed a file in its subdirectory (anywhere when it has none); it is built at the
///   pushed commit;
/// - for a tag: which the webhook URL names, or whose name the tag is with a version
///   (`<name>-<version>` or `<name>-<version>-<release>`, `_` also separating, the last
///   part holding a digit); it is built at the tag.
public enum WebhookMatch {
    /// The packages `push` rebuilds among `packages`, each with the revision (committish)
    /// to build its source at; `named` is the package the webhook URL names, if any.
    public static func rebuilds(_ push: WebhookPush, of packages: [Package], named: String? = nil) -> [(package: Package, committish: String)] {
        guard !push.deletesRef else { return [] }
        let pushed = Set(push.cloneURLs.map(normalized))
        return packages.compactMap { package in
            guard package.webhookRebuild, case .git(let cloneURL, let committish, let subdirectory, _) = package.source,
                pushed.contains(normalized(cloneURL))
            else { return nil }
            switch push.ref {
            case .branch(let branch):
                guard committish.isEmpty || committish == branch || committish == "refs/heads/\(branch)",
                    push.changedFiles.contains(where: { isFile($0, in: subdirectory) })
                else { return nil }
                return (package, push.commit)
            case .tag(let tag):
                guard package.name == named || isVersionTag(tag, of: package.name) else { return nil }
                return (package, tag)
            }
        }
    }

    /// A clone URL without a trailing `/` or `.git`, so that the forms a forge and a user
    /// write compare equal.
    static func normalized(_ url: String) -> String {
        var url = Substring(url)
        while url.hasSuffix("/") { url = url.dropLast() }
        if url.hasSuffix(".git") { url = url.dropLast(4) }
        return String(url)
    }

    /// Whether the changed `path` lies in `subdirectory` (empty: the whole repository).
    static func isFile(_ path: String, in subdirectory: String) -> Bool {
        let file = trimmed(path), directory = trimmed(subdirectory)
        guard !file.isEmpty else { return false }
        return directory.isEmpty || directory == "." || file.hasPrefix(directory + "/")
    }

    /// Whether `tag` is package `name` with a version, and maybe a release, appended.
    static func isVersionTag(_ tag: String, of name: String) -> Bool {
        for separator in ["-", "_"] {
            var parts = tag.split(separator: separator, omittingEmptySubsequences: false).map(String.init)
            for _ in 0..<2 {
                guard parts.count >= 2, parts.last!.contains(where: \.isNumber) else { break }
                parts.removeLast()
                if ["-", "_"].contains(where: { parts.joined(separator: $0) == name }) { return true }
            }
        }
        return false
    }

    private static func trimmed(_ path: String) -> String {
        path.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
    }
}
