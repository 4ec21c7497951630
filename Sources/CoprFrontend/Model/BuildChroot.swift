import CoprCore
import GRDB

/// The RPM build of one build in one chroot: the task `<build_id>-<chroot>`.
public struct BuildChroot: Sendable, Equatable, Decodable, FetchableRecord, TableRecord {
    /// The ``Build/id`` this chroot belongs to.
    public let buildID: Int
    /// The mock chroot (`fedora-41-x86_64`).
    public let chroot: String
    /// `waiting` until the source build succeeded, then `pending` for the backend.
    public var status: BuildStatus
    /// UNIX times of the start and end the backend reported.
    public var startedOn: Double?
    public var endedOn: Double?
    /// The result directory name the backend reported (`00000012-hello`).
    public var resultDir: String?

    /// The backend task of this chroot: `<build_id>-<chroot>`.
    public var taskID: TaskID { .rpm(buildID: buildID, chroot: chroot) }

    public static let databaseTableName = "build_chroot"

    enum CodingKeys: String, CodingKey {
        case chroot, status
        case buildID = "build_id", startedOn = "started_on", endedOn = "ended_on", resultDir = "result_dir"
    }
}
