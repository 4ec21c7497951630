import CoprCore
import CoprFrontend
import Testing

/// The ordering of builds in batches as plain values, without a store: which batches are
/// blocked given whether each build has ended (every forest of four batches with every
/// mix of ended and unended builds, against Copr's recursive definition), and where an
/// `after_build_id` or `with_build_id` puts a build or why it is refused.
@Suite("Embedded frontend: batch ordering rules")
struct BatchOrderingTests {
    /// Build states a batch may hold: none (all deleted), one ended, one running, both.
    static let buildMixes: [[Bool]] = [[], [true], [false], [true, false]]

    /// Copr's `Batch.blocked`: blocked when the batch it waits for is blocked or has not
    /// finished; a batch with no builds left counts as ended here (deleting unblocks).
    static func coprBlocked(_ id: Int, after: [Int?], mixes: [[Bool]]) -> Bool {
        guard let before = after[id] else { return false }
        return coprBlocked(before, after: after, mixes: mixes) || !mixes[before].allSatisfy { $0 }
    }

    @Test("every forest of four batches and every mix of ended builds: blocked exactly when Copr blocks, waiting for the nearest unended batch")
    func exhaustive() {
        var checked = 0
        // after[i] is nil or an earlier batch: every forest of four batches.
        for a1 in [nil, 0] as [Int?] {
            for a2 in [nil, 0, 1] as [Int?] {
                for a3 in [nil, 0, 1, 2] as [Int?] {
                    let after: [Int?] = [nil, a1, a2, a3]
                    for mixIndex in 0..<(1 << 8) {
                        let mixes = (0..<4).map { Self.buildMixes[(mixIndex >> ($0 * 2)) & 3] }
                        let ordering = BatchOrdering((0..<4).map { batch in
                            BatchOrdering.Batch(
                                id: batch, after: after[batch],
                                builds: Dictionary(uniqueKeysWithValues: mixes[batch].enumerated().map { (batch * 10 + $0.offset, $0.element) }))
                        })
                        for batch in 0..<4 {
                            let blocked = Self.coprBlocked(batch, after: after, mixes: mixes)
                            #expect(ordering.isBlocked(batch) == blocked, "batch \(batch) of \(after) with \(mixes)")
                            var nearest = after[batch]
                            while let candidate = nearest, mixes[candidate].allSatisfy({ $0 }) { nearest = after[candidate] }
                            let expected = nearest.map { candidate in
                                BatchOrdering.Blocker(
                                    batch: candidate,
                                    unendedBuilds: mixes[candidate].enumerated().filter { !$0.element }.map { candidate * 10 + $0.offset })
                            }
                            #expect(ordering.blocker(of: batch) == expected)
                            #expect(ordering.hasEnded(batch) == mixes[batch].allSatisfy { $0 })
                            checked += 1
                        }
                    }
                }
            }
        }
        #expect(checked == 24 * 256 * 4)
    }

    @Test("a batch never loaded has ended; a cycle a hostile store could hold ends the walk; the reason reads as a user is told it")
    func edges() {
        let lone = BatchOrdering([.init(id: 2, after: 1, builds: [5: false])])
        #expect(!lone.isBlocked(2) && lone.hasEnded(1) && !lone.isBlocked(9))
        let cycle = BatchOrdering([.init(id: 1, after: 2, builds: [1: true]), .init(id: 2, after: 1, builds: [2: true])])
        #expect(!cycle.isBlocked(1))
        #expect(BatchOrdering.Blocker(batch: 3, unendedBuilds: [12, 13]).description == "batch 3 (builds 12, 13) to end")
        #expect(BatchOrdering.Blocker(batch: 3, unendedBuilds: [12]).description == "batch 3 (build 12) to end")
    }

    @Test("placement: after a batched build anyone may go, even after an ended batch; joining needs a live batch of a project one builds in; an unbatched build needs the right to build there and must not have ended")
    func placement() {
        let login = "sam"
        for after in [true, false] {
            for hasBatch in [true, false] {
                for mayBuildInProject in [true, false] {
                    for buildEnded in [true, false] {
                        for batchEnded in [true, false] {
                            for mayBuildInOne in [true, false] {
                                let order: BuildOrder = after ? .after(buildID: 7) : .with(buildID: 7)
                                let batch = hasBatch
                                    ? BatchPlacement.TargetBatch(id: 3, hasEnded: batchEnded, projects: ["alice/a", "bob/b"], mayBuildInOne: mayBuildInOne)
                                    : nil
                                let target = BatchPlacement.Target(
                                    project: "alice/a", mayBuildInProject: mayBuildInProject, hasEnded: buildEnded, batch: batch)
                                let expected: Result<BatchPlacement, BatchRefused>
                                if hasBatch {
                                    if after {
                                        expected = .success(BatchPlacement(batch: 3, joins: false))
                                    } else if batchEnded {
                                        expected = .failure(.batchEnded(batch: 3))
                                    } else if !mayBuildInOne {
                                        expected = .failure(.batchOfOthers(batch: 3, projects: ["alice/a", "bob/b"], login: login))
                                    } else {
                                        expected = .success(BatchPlacement(batch: 3, joins: true))
                                    }
                                } else if !mayBuildInProject {
                                    expected = .failure(.mayNotBuildIn(buildID: 7, project: "alice/a", login: login))
                                } else if buildEnded {
                                    expected = .failure(.buildEnded(buildID: 7))
                                } else {
                                    expected = .success(BatchPlacement(batch: nil, joins: !after))
                                }
                                #expect(BatchPlacement.decide(order, target: target, login: login) == expected)
                            }
                        }
                    }
                }
            }
        }
    }

    @Test("after_build_id and with_build_id together are refused by name; each alone is its order")
    func orderFields() throws {
        #expect(try BuildOrder.from(after: nil, with: nil) == nil)
        #expect(try BuildOrder.from(after: 4, with: nil) == .after(buildID: 4))
        #expect(try BuildOrder.from(after: nil, with: 5) == .with(buildID: 5))
        #expect(throws: InvalidField.self) { try BuildOrder.from(after: 4, with: 5) }
        #expect(BatchRefused.batchEnded(batch: 2).description.hasPrefix("Batch 2 is already finished"))
        #expect(BatchRefused.mayNotBuildIn(buildID: 7, project: "alice/a", login: "sam").description
            == "Build 7 is not yet in any batch, and user 'sam' doesn't have the build permissions in project 'alice/a' to create a new one")
    }
}
