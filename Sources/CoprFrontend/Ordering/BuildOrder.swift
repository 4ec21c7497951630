import CoprCore

/// Where a submitted build goes among the batches, as Copr's `--after-build-id` and
/// `--with-build-id` ask: after the batch of another build (a new batch that waits for
/// that one), or into the batch of another build (it starts with them).
public enum BuildOrder: Sendable, Equatable {
    /// A new batch, blocked until the batch of the build `id` has ended.
    case after(buildID: Int)
    /// The batch of the build `id`.
    case with(buildID: Int)

    /// The build the order refers to.
    public var buildID: Int {
        switch self {
        case .after(let id), .with(let id): id
        }
    }

    /// Copr's field: `after_build_id` or `with_build_id`.
    public var field: String {
        switch self {
        case .after: "after_build_id"
        case .with: "with_build_id"
        }
    }

    /// The order `after` or `with` ask for (the two fields of a request); nil for neither.
    /// Both together are refused: a build has one batch.
    public static func from(after: Int?, with: Int?) throws(InvalidField) -> BuildOrder? {
        switch (after, with) {
        case (nil, nil): nil
        case (let id?, nil): .after(buildID: id)
        case (nil, let id?): .with(buildID: id)
        case (_?, _?):
            throw InvalidField(
                field: "after_build_id", reason: "give either after_build_id or with_build_id, not both: a build goes into one batch")
        }
    }
}
