/// One of upstream's worker limits: a maximum number of running workers
/// per group of tasks.
///
/// Upstream has two kinds, `PredicateWorkerLimit` (one group: the tasks matching a
/// predicate) and `HashWorkerLimit` (one group per hash value). Both are a function from
/// a task to an optional group here; nil means the limit does not concern the task.
public struct WorkerLimit: Sendable, Equatable {
    public enum Scope: Sendable, Equatable {
        /// `arch_<arch>`: tasks whose requested arch is this one.
        case arch(String)
        /// `tag_<tag>`: tasks carrying this tag.
        case tag(String)
        /// `arch_<arch>_owner`: per owner, among the tasks of this arch.
        case archPerOwner(String)
        /// `sandbox`: per sandbox; tasks without one are not limited.
        case sandbox
        /// `owner`: per project owner.
        case owner
        /// `blocked_users`: the tasks of these owners (the maximum is 0).
        case blockedOwners(Set<String>)
        /// `userssh`: per owner, among RPM tasks that allow user SSH.
        case userSSH
    }

    public let scope: Scope
    public let max: Int

    public init(_ scope: Scope, max: Int) {
        self.scope = scope
        self.max = max
    }

    /// Upstream's limit name, shown by `status` as the reason a task waits.
    public var name: String {
        switch scope {
        case .arch(let arch): "arch_\(arch)"
        case .tag(let tag): "tag_\(tag)"
        case .archPerOwner(let arch): "arch_\(arch)_owner"
        case .sandbox: "sandbox"
        case .owner: "owner"
        case .blockedOwners: "blocked_users"
        case .userSSH: "userssh"
        }
    }

    /// The group `task` is counted in, nil if this limit does not concern it. Groups only
    /// need to be unique within one limit: `arch_<arch>_owner` groups by owner alone
    /// because the arch is fixed per limit.
    func group(of task: QueuedTask) -> String? {
        switch scope {
        case .arch(let arch): task.requestedArch == arch ? "" : nil
        case .tag(let tag): task.tags.contains(tag) ? "" : nil
        case .archPerOwner(let arch): task.requestedArch == arch ? task.owner : nil
        case .sandbox: task.sandbox
        case .owner: task.owner
        case .blockedOwners(let owners): owners.contains(task.owner) ? "" : nil
        case .userSSH: !task.isSourceBuild && task.allowsUserSSH ? task.owner : nil
        }
    }

    /// The limits the build dispatcher checks, in upstream's order.
    public static func configured(by options: SchedulingOptions) -> [WorkerLimit] {
        options.maxWorkersPerArch.map { WorkerLimit(.arch($0.key), max: $0.max) }
            + options.maxWorkersPerTag.map { WorkerLimit(.tag($0.key), max: $0.max) }
            + options.maxWorkersPerArchAndOwner.map { WorkerLimit(.archPerOwner($0.key), max: $0.max) }
            + [
                WorkerLimit(.sandbox, max: options.maxWorkersPerSandbox),
                WorkerLimit(.owner, max: options.maxWorkersPerOwner),
                WorkerLimit(.blockedOwners(Set(options.blockedOwners)), max: 0),
                WorkerLimit(.userSSH, max: options.maxUserSSH),
            ]
    }
}
