/// Where a build submitted with a ``BuildOrder`` goes, as Copr decides it, as a plain
/// value: what the store found of the build the order refers to goes in, the placement or
/// a ``BatchRefused`` comes out.
///
/// - Anyone may build after a build that is in a batch, even another user's, even one
///   whose batch has ended (the new build then does not wait).
/// - Joining a batch needs the right to build in one of its builds' projects, and a batch
///   that has not ended.
/// - A build in no batch yet gets one first, for either order; that needs the right to
///   build in its project, and a build that has not ended.
public struct BatchPlacement: Sendable, Equatable {
    /// The batch of the build referred to; nil when it has none yet and one is made for it.
    public var batch: Int?
    /// True: the new build joins that batch; false: it goes into a new batch after it.
    public var joins: Bool

    /// What the store found of the build an order refers to.
    public struct Target: Sendable, Equatable {
        /// Its project, `owner/name`, and whether the requester may build there.
        public var project: String
        public var mayBuildInProject: Bool
        /// Whether every task of the build has ended.
        public var hasEnded: Bool
        /// Its batch, if it is in one.
        public var batch: TargetBatch?

        public init(project: String, mayBuildInProject: Bool, hasEnded: Bool, batch: TargetBatch?) {
            self.project = project
            self.mayBuildInProject = mayBuildInProject
            self.hasEnded = hasEnded
            self.batch = batch
        }
    }

    /// The batch of the build referred to.
    public struct TargetBatch: Sendable, Equatable {
        public var id: Int
        public var hasEnded: Bool
        /// The projects (`owner/name`) of its builds, by name.
        public var projects: [String]
        /// Whether the requester may build in at least one of them.
        public var mayBuildInOne: Bool

        public init(id: Int, hasEnded: Bool, projects: [String], mayBuildInOne: Bool) {
            self.id = id
            self.hasEnded = hasEnded
            self.projects = projects
            self.mayBuildInOne = mayBuildInOne
        }
    }

    public init(batch: Int?, joins: Bool) {
        self.batch = batch
        self.joins = joins
    }

    /// The placement `order` gets, asked by `login`, given what was found of its build.
    public static func decide(_ order: BuildOrder, target: Target, login: String) -> Result<BatchPlacement, BatchRefused> {
        let joins = order == .with(buildID: order.buildID)
        if let batch = target.batch {
            guard joins else { return .success(BatchPlacement(batch: batch.id, joins: false)) }
            guard !batch.hasEnded else { return .failure(.batchEnded(batch: batch.id)) }
            guard batch.mayBuildInOne else {
                return .failure(.batchOfOthers(batch: batch.id, projects: batch.projects, login: login))
            }
            return .success(BatchPlacement(batch: batch.id, joins: true))
        }
        guard target.mayBuildInProject else {
            return .failure(.mayNotBuildIn(buildID: order.buildID, project: target.project, login: login))
        }
        guard !target.hasEnded else { return .failure(.buildEnded(buildID: order.buildID)) }
        return .success(BatchPlacement(batch: nil, joins: joins))
    }
}
