/// How many builds and actions run at once and how often the dispatchers cycle
/// (`[backend]` options of upstream's build and action dispatchers).
public struct SchedulingOptions: Sendable, Equatable {
    /// One `KEY=COUNT` item of a `builds_max_workers_*` list.
    public struct KeyedLimit: Sendable, Equatable {
        public var key: String
        public var max: Int

        public init(_ key: String, max: Int) {
            self.key = key
            self.max = max
        }
    }

    /// `sleeptime`: the length of one dispatcher cycle.
    public var sleeptime: Duration = .seconds(5)
    /// `builds_max_workers`: running workers in total.
    public var maxWorkers = 60
    /// `builds_max_workers_arch`, in the order written.
    public var maxWorkersPerArch: [KeyedLimit] = []
    /// `builds_max_workers_tag`, in the order written.
    public var maxWorkersPerTag: [KeyedLimit] = []
    /// `builds_max_workers_arch_per_owner`, in the order written.
    public var maxWorkersPerArchAndOwner: [KeyedLimit] = []
    /// `builds_max_workers_sandbox`
    public var maxWorkersPerSandbox = 10
    /// `builds_max_workers_owner`
    public var maxWorkersPerOwner = 20
    /// `blocked_owners`: owners whose tasks never start.
    public var blockedOwners: [String] = []
    /// `builds_max_userssh`: user-SSH builds per owner.
    public var maxUserSSH = 2
    /// `actions_max_workers`: actions running at once.
    public var actionsMaxWorkers = 10

    public init() {}
}
