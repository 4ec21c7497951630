/// Which batches of builds may not start yet, as Copr orders them, as a plain value: the
/// batches (each with the batch it waits for) and whether each of their builds has ended
/// go in; which batches are blocked, and by what, come out. No I/O: the store loads the
/// batches a question needs, asks, and leaves the blocked builds' tasks out of
/// `pending-jobs`.
///
/// - A batch has ended when every build in it has ended, whatever the outcome: a failed
///   or canceled build has ended too, so it never blocks forever. A batch whose builds
///   were all deleted has ended.
/// - A batch that waits for another is blocked while that one has not ended, and while
///   that one is blocked itself (a canceled build in a blocked batch has ended, but its
///   batch still waits for its own predecessor).
///
/// ```swift
/// let ordering = BatchOrdering([
///     .init(id: 1, after: nil, builds: [10: true, 11: false]),
///     .init(id: 2, after: 1, builds: [12: false]),
/// ])
/// ordering.blocker(of: 2)  // BatchOrdering.Blocker(batch: 1, unendedBuilds: [11])
/// ```
public struct BatchOrdering: Sendable, Equatable {
    /// One batch: its id, the batch it waits for, and for each of its builds whether it
    /// has ended.
    public struct Batch: Sendable, Equatable {
        public var id: Int
        /// The batch that must end first (Copr's `blocked_by`); nil for none.
        public var after: Int?
        /// Build id → whether the build has ended.
        public var builds: [Int: Bool]

        public init(id: Int, after: Int?, builds: [Int: Bool]) {
            self.id = id
            self.after = after
            self.builds = builds
        }

        /// Every build has ended (or none is left).
        public var hasEnded: Bool { builds.values.allSatisfy { $0 } }
    }

    /// What a blocked batch waits for: the nearest batch before it that has not ended, and
    /// that batch's builds that have not ended, by id.
    public struct Blocker: Sendable, Equatable, CustomStringConvertible {
        public var batch: Int
        public var unendedBuilds: [Int]

        public init(batch: Int, unendedBuilds: [Int]) {
            self.batch = batch
            self.unendedBuilds = unendedBuilds
        }

        /// `batch 3 (builds 12, 13) to end`: what a waiting task waits for, in words.
        public var description: String {
            let builds = unendedBuilds.map(String.init).joined(separator: ", ")
            return "batch \(batch) (build\(unendedBuilds.count == 1 ? "" : "s") \(builds)) to end"
        }
    }

    private let batches: [Int: Batch]

    /// A batch missing from `batches` (never loaded, or gone) counts as ended.
    public init(_ batches: [Batch]) {
        self.batches = Dictionary(batches.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Whether every build of batch `id` has ended.
    public func hasEnded(_ id: Int) -> Bool {
        batches[id]?.hasEnded ?? true
    }

    /// What batch `id` waits for, or nil when its builds may start: the first batch that
    /// has not ended on the way back through the batches it waits for, transitively.
    public func blocker(of id: Int) -> Blocker? {
        var seen: Set<Int> = [id]
        var current = batches[id]?.after
        while let before = current, seen.insert(before).inserted {
            guard let batch = batches[before] else { return nil }
            if !batch.hasEnded {
                return Blocker(batch: before, unendedBuilds: batch.builds.filter { !$0.value }.keys.sorted())
            }
            current = batch.after
        }
        return nil
    }

    /// Whether the builds of batch `id` must not start yet.
    public func isBlocked(_ id: Int) -> Bool {
        blocker(of: id) != nil
    }
}
