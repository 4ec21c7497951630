import CoprCore

/// Upstream's message bodies, so existing consumers (Packit, dashboards)
/// read our events unchanged. Python's `None` is spelled `None` where upstream formats a
/// missing value into text.
public enum EventBodies {
    /// Style v1 (fedora-messaging, fedmsg and our webhooks): typed fields plus the
    /// human-readable `what` summary. `who` is the sender id, `pid` the sender's process.
    public static func v1(_ event: BuildEvent, who: String, pid: Int32) -> JSONValue {
        let job = event.job
        let user = text(job.submitter), copr = text(job.projectName ?? job.projectDirname), pkg = text(job.packageName)
        let ip = text(event.builder), build = String(job.buildID)
        let what: String
        switch event.kind {
        case .buildStart:
            what = "build start: user:\(user) copr:\(copr) pkg:\(pkg) build:\(build) ip:\(ip) pid:\(pid)"
        case .chrootStart:
            what = "chroot start: chroot:\(job.chroot) user:\(user) copr:\(copr) pkg:\(pkg) build:\(build) ip:\(ip) pid:\(pid)"
        case .buildEnd:
            what = "build end: user:\(user) copr:\(copr) build:\(build) pkg:\(pkg) version:\(text(job.packageVersion)) ip:\(ip) pid:\(pid) status:\(job.status.rawValue)"
        }
        return [
            "user": optional(job.submitter), "copr": .string(job.projectName ?? job.projectDirname),
            "owner": .string(job.projectOwner), "pkg": optional(job.packageName), "build": .int(job.buildID),
            "chroot": .string(job.chroot), "version": optional(job.packageVersion), "status": .int(job.status.rawValue),
            "ip": optional(event.builder), "who": .string(who), "pid": .int(Int(pid)), "what": .string(what),
        ]
    }

    /// Style v1stomp: the `topic` header and a body of strings.
    public static func v1Stomp(_ event: BuildEvent) -> (topic: String, body: JSONValue) {
        let job = event.job
        guard event.kind != .chrootStart else {
            return (event.kind.rawValue, ["chroot": .string(job.chroot)])
        }
        let body: JSONValue = [
            "build": .string(String(job.buildID)), "owner": .string(job.projectOwner),
            "copr": .string(job.projectName ?? job.projectDirname), "submitter": .string(text(job.submitter)),
            "package": .string("\(text(job.packageName))-\(text(job.packageVersion))"), "chroot": .string(job.chroot),
            "builder": .string(text(event.builder)), "status": .string(job.status.messageName),
            "status_int": .string(String(job.status.rawValue)),
        ]
        return (event.kind.rawValue, body)
    }

    private static func text(_ value: String?) -> String { value ?? "None" }
    private static func optional(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
}
