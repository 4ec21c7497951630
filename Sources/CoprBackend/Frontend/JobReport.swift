import CoprCore

/// One report as the backend sends it in `starting_build` and `update`: the
/// ``TaskReport`` and the record it is written over. Upstream's backend sends its job
/// dict (`to_dict()`): every key of the task record, the backend's own attributes, and
/// the report's fields on top; ``fields`` is that dict.
///
/// ```swift
/// let report = JobReport(TaskReport(task: .source(buildID: 12), status: .failed, endedOn: now), echoing: record.fields)
/// try await frontend.update(report)
/// ```
///
/// `Codable` as the report and the record side by side, so that the journal keeps a final
/// report until the frontend has it.
public struct JobReport: Sendable, Equatable, Codable {
    public var report: TaskReport
    /// What the report is written over: the task record and what the backend adds to it.
    public var echoed: [String: JSONValue]

    public init(_ report: TaskReport, echoing echoed: [String: JSONValue]) {
        self.report = report
        self.echoed = echoed
    }

    /// The job dict as it goes over HTTP.
    public var fields: [String: JSONValue] { report.fields(echoing: echoed) }
}
