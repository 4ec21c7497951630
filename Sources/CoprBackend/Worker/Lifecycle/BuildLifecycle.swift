import CoprCore
import Foundation

/// The state of one build in flight, as a plain value: what the build is doing now, with
/// exactly the data valid there, and the facts that outlive a step (the task record, the
/// attempts, whether `running` went out). Events come in (`handle`), the action to carry
/// out next comes back; no I/O and no clocks.
///
/// It is all a restart needs: the journal stores this value and nothing else for a build,
/// and a new daemon loads it, feeds `.resumed`, and goes on with `nextAction`.
public struct BuildLifecycle: Sendable, Equatable, Codable {
    /// The version of the stored form; a value of another version is not taken up.
    public static let formatVersion = 2

    public internal(set) var formatVersion = Self.formatVersion
    public internal(set) var stage: Stage {
        didSet { if case .finishing(let failure?) = stage { self.failure = failure } }
    }
    /// This run of the task, for the ids of its events.
    public let runID: String
    /// The `pending-jobs` record the dispatcher scheduled the task from.
    public let queueRecord: JSONValue
    /// The frontend's task record, once fetched.
    public internal(set) var taskRecord: [String: JSONValue]?
    /// The failed attempts so far, and what they allow.
    public internal(set) var budget: AttemptBudget
    /// The builder of the latest attempt, kept after its lease (build.info, events).
    public internal(set) var builder: String?
    /// When `running` went to the frontend (the build's timeout counts from it); nil
    /// while no attempt got that far.
    public internal(set) var startedOn: Double?
    /// The results of an attempt reached the result directory (the consecutive-failure
    /// statistic counts only such builds).
    public internal(set) var resultsDownloaded = false
    /// Why the build failed, once that is decided; kept after the report (the status's
    /// recent failures).
    public internal(set) var failure: Failure?

    public init(queueRecord: JSONValue, budget: AttemptBudget, runID: String = UUID().uuidString.lowercased()) {
        stage = .fetching
        self.runID = runID
        self.queueRecord = queueRecord
        self.budget = budget
    }

    /// 1 for the first attempt on a builder.
    public var attempt: Int { budget.attempts + 1 }

    /// `running` was reported and the start events announced.
    public var runningReported: Bool { startedOn != nil }

    /// The lease the build holds now, if any.
    public var lease: BuilderHost? {
        switch stage {
        case .reclaiming(let lease, _), .checking(let lease), .building(let lease, _), .downloading(let lease),
             .releasing(let lease, _, _, _):
            lease
        case .fetching, .starting, .waitingForRepository, .closingTicket, .allocating, .publishing, .finishing, .reporting,
             .announcing, .ended:
            nil
        }
    }

    /// The resalloc ticket the build holds now, known before its host is ready.
    public var ticketID: Int? {
        switch stage {
        case .allocating(let ticket): ticket
        case .closingTicket(let ticket): ticket
        default: lease?.ticketID
        }
    }
}
