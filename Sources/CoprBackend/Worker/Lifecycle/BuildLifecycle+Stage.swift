import CoprCore

extension BuildLifecycle {
    /// Where the build is, with what is valid there.
    public enum Stage: Sendable, Equatable, Codable {
        /// The task record is being fetched.
        case fetching
        /// `starting_build` goes to the frontend.
        case starting
        /// An attempt waits for the project's repositories.
        case waitingForRepository
        /// A ticket taken before a restart, for a host that was never ready, is closed.
        case closingTicket(Int)
        /// A host is being allocated; `ticket` once resalloc took one.
        case allocating(ticket: Int?)
        /// After a restart: the lease is confirmed with its provider before the build
        /// goes on at `then`.
        case reclaiming(lease: BuilderHost, then: Reclaimed)
        /// The builder is checked (agent version, readiness); `running` goes out.
        case checking(lease: BuilderHost)
        /// The remote build is started, or followed.
        case building(lease: BuilderHost, remote: RemoteBuild)
        /// The results are copied from the builder.
        case downloading(lease: BuilderHost)
        /// The lease goes back, stopping a remote build first when one may still run;
        /// `finishLogFrom` (the build's `logBase`) when the stopped build's live log is
        /// followed to its end after the stop, so that what the build printed as it
        /// stopped is published too.
        case releasing(lease: BuilderHost, stopRemoteBuild: Bool, then: AfterRelease, finishLogFrom: Int? = nil)
        /// Signing, the repository and the build details.
        case publishing
        /// The final state is decided: `failure`, or success when nil.
        case finishing(Failure?)
        /// The final report, written here before it is sent, until the frontend has it;
        /// `announce`: the end events follow (not for a task refused before it began).
        case reporting(report: JobReport, announce: Bool)
        /// The report is delivered; the end events go out.
        case announcing(BuildStatus)
        /// Nothing more to do.
        case ended(BuildOutcome)
    }

    /// The detached build on a builder.
    public enum RemoteBuild: Sendable, Equatable, Codable {
        /// Not started yet.
        case notStarted
        /// A restart came between the start command and its record: a build may run there
        /// that this task cannot follow, so it is stopped before a new one starts.
        case maybeStarted
        /// Started, with its process group (when the builder told) and the size of
        /// `builder-live.log` before this attempt's log began; `confirmed` false after a
        /// restart until the builder shows the same process group.
        case started(processGroup: Int?, logBase: Int, confirmed: Bool)

        /// Where this attempt's live log begins, once the build was started.
        var logBase: Int? {
            if case .started(_, let base, _) = self { return base }
            return nil
        }
    }

    /// Where a reclaimed lease takes the build.
    public enum Reclaimed: Sendable, Equatable, Codable {
        case checking
        case building(RemoteBuild)
        case downloading
        /// The lease was being given back: it is taken again first, so that giving it
        /// back frees what this build held and nothing of another's.
        case releasing(stopRemoteBuild: Bool, then: AfterRelease, finishLogFrom: Int? = nil)
    }

    /// What follows a release.
    public enum AfterRelease: Sendable, Equatable, Codable {
        /// The results are here: publish them.
        case publish
        /// The host failed: another attempt.
        case retry
        /// The build failed or was cancelled.
        case finish(Failure)
        /// The daemon stops without a journal: nobody could take the build up.
        case stop
    }

    /// Why a build failed, for the log and the metrics.
    public struct Failure: Sendable, Equatable, Codable, CustomStringConvertible {
        public enum Kind: String, Sendable, Codable {
            case canceled, build, infrastructure, publishing, frontend, input, unexpected
        }

        public var kind: Kind
        public var reason: String

        public init(_ kind: Kind, _ reason: String) {
            self.kind = kind
            self.reason = reason
        }

        public var description: String { reason }
    }

    /// The step a status shows and the metrics time.
    public var phase: BuildPhase {
        switch stage {
        case .fetching: .fetching
        case .starting: .starting
        case .waitingForRepository: .waitingForRepository
        case .closingTicket, .allocating: .allocatingHost
        case .reclaiming(_, .checking), .checking: .checkingBuilder
        case .reclaiming(_, .building), .building: .building
        case .reclaiming(_, .downloading), .downloading: .downloading
        case .reclaiming(_, .releasing), .releasing: .releasingHost
        case .publishing: .publishing
        case .finishing, .reporting, .announcing, .ended: .reporting
        }
    }
}

/// The steps of a build, in order, as `copr-backend status` and the metrics name them.
public enum BuildPhase: String, Sendable, Codable, Comparable, CaseIterable {
    case fetching
    case starting
    case waitingForRepository = "waiting-for-repository"
    case allocatingHost = "allocating-host"
    case checkingBuilder = "checking-builder"
    case building
    case downloading
    case releasingHost = "releasing-host"
    case publishing
    case reporting

    public static func < (lhs: BuildPhase, rhs: BuildPhase) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
