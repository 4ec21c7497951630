import Foundation

extension BackendConfiguration {
    /// Reads the build dispatcher's `[backend]` options with upstream's names and defaults.
    static func readScheduling(_ r: OptionReader) throws -> SchedulingOptions {
        var s = SchedulingOptions()
        s.sleeptime = try r.seconds("backend", "sleeptime", default: 5)
        if s.sleeptime == .zero {
            throw r.error("backend", "sleeptime", r.string("backend", "sleeptime", default: ""), "expected a number of seconds > 0")
        }
        s.maxWorkers = try r.integer("backend", "builds_max_workers", default: s.maxWorkers, minimum: 1)
        s.maxWorkersPerArch = try r.keyedLimits("backend", "builds_max_workers_arch", example: "x86_64=40,aarch64=10")
        s.maxWorkersPerTag = try r.keyedLimits("backend", "builds_max_workers_tag", example: "on_demand_powerful=5")
        s.maxWorkersPerArchAndOwner = try r.keyedLimits(
            "backend", "builds_max_workers_arch_per_owner", example: "s390x=3,ppc64le=6")
        s.maxWorkersPerSandbox = try r.integer("backend", "builds_max_workers_sandbox", default: s.maxWorkersPerSandbox, minimum: 1)
        s.maxWorkersPerOwner = try r.integer("backend", "builds_max_workers_owner", default: s.maxWorkersPerOwner, minimum: 1)
        s.blockedOwners = r.string("backend", "blocked_owners", default: "")
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        // 0 is meaningful here: no user-SSH builds at all.
        s.maxUserSSH = try r.integer("backend", "builds_max_userssh", default: s.maxUserSSH)
        s.actionsMaxWorkers = try r.integer("backend", "actions_max_workers", default: s.actionsMaxWorkers, minimum: 1)
        return s
    }
}

extension OptionReader {
    /// A `KEY=COUNT,…` list, parsed as upstream does: split on `,`, then on `=`, strip
    /// whitespace, COUNT a whole number. An empty key, a zero count, a duplicate key or
    /// a malformed item is an error; an empty value means no limits.
    func keyedLimits(_ section: String, _ option: String, example: String) throws -> [SchedulingOptions.KeyedLimit] {
        guard let raw = ini.value(section, option), !raw.trimmingCharacters(in: .whitespaces).isEmpty else { return [] }
        var limits: [SchedulingOptions.KeyedLimit] = []
        for item in raw.split(separator: ",", omittingEmptySubsequences: false) {
            let shown = item.trimmingCharacters(in: .whitespaces)
            let parts = item.split(separator: "=", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let count = Int(parts[1]) else {
                throw error(section, option, shown, "expected KEY=COUNT items separated by commas, e.g. \(example)")
            }
            let key = parts[0]
            guard !key.isEmpty else {
                throw error(section, option, shown, "the key before '=' is empty; expected KEY=COUNT, e.g. \(example)")
            }
            guard count >= 1 else {
                throw error(section, option, shown, "expected a count >= 1 (blocked_owners stops an owner's builds)")
            }
            guard !limits.contains(where: { $0.key == key }) else {
                throw error(section, option, shown, "'\(key)' is listed twice; give each key once")
            }
            limits.append(.init(key, max: count))
        }
        return limits
    }
}
