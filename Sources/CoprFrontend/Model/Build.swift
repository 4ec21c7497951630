import CoprCore
import GRDB

/// One build: its source, the state of its source build (the SRPM task), and what that
/// source build found out (package name and version, the SRPM's URL).
public struct Build: Sendable, Equatable, Decodable, FetchableRecord, TableRecord {
    /// The build id: never given twice; it names the tasks and result directories.
    public let id: Int
    /// The ``Project/id`` of the project the build belongs to.
    public let projectID: Int
    /// The user who submitted it (part of the resalloc sandbox).
    public let submitter: String
    /// Where the source build gets the SRPM from.
    public let source: BuildSource
    /// Background builds come after every other build in `pending-jobs`.
    public let background: Bool
    /// Seconds the builder may spend on one chroot.
    public let timeout: Int
    /// Known once the source build succeeded.
    public var packageName: String?
    public var packageVersion: String?
    /// Where the RPM tasks download the SRPM from (reported by the source build).
    public var srpmURL: String?
    /// The state of the source build.
    public var sourceStatus: BuildStatus
    /// The result directory of the source build, under `srpm-builds`.
    public var sourceResultDir: String?
    /// UNIX times: submission, start and end of the source build.
    public let submittedOn: Double
    public var startedOn: Double?
    public var endedOn: Double?
    /// The user cancelled the build; nothing of it starts any more.
    public var canceled: Bool
    /// Whether the build may use the network, fixed at submission; nil for a build of an
    /// older store, which takes the project's setting.
    public var enableNet: Bool? = nil
    /// The batch the build is in (``BatchOrdering``); nil for none.
    public var batchID: Int? = nil

    public static let databaseTableName = "build"

    enum CodingKeys: String, CodingKey {
        case id, submitter, source, background, timeout, canceled
        case projectID = "project_id", packageName = "package_name", packageVersion = "package_version"
        case srpmURL = "srpm_url", sourceStatus = "source_status", sourceResultDir = "source_result_dir"
        case submittedOn = "submitted_on", startedOn = "started_on", endedOn = "ended_on", batchID = "batch_id"
        case enableNet = "enable_net"
    }
}
