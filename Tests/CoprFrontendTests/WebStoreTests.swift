import CoprCore
import CoprFrontend
import Foundation
import Testing

/// The store's reads for the web pages: its SQL state filter agrees with the state a
/// build shows, and its pages and search are bounded and literal.
@Suite("Embedded frontend: the web pages' store reads", .timeLimit(.minutes(3)))
struct WebStoreTests {
    @Test("filtering builds by state in SQL finds exactly the builds whose derived state it is")
    func stateFilter() async throws {
        try await WebTestApp.run { web in
            let project = try await web.createProject()
            let cases: [[String: BuildStatus]] = [
                [:], ["fedora-41-x86_64": .succeeded, "epel-9-aarch64": .succeeded],
                ["fedora-41-x86_64": .failed, "epel-9-aarch64": .succeeded], ["fedora-41-x86_64": .running],
                ["fedora-41-x86_64": .starting, "epel-9-aarch64": .failed], ["fedora-41-x86_64": .skipped, "epel-9-aarch64": .canceled],
                ["fedora-41-x86_64": .succeeded, "epel-9-aarch64": .skipped], ["fedora-41-x86_64": .canceled, "epel-9-aarch64": .canceled],
            ]
            for states in cases { try await web.build(states: states) }
            // One whose source build failed, one still waiting for it, one cancelled.
            let failedSource = try await web.store.submitBuild(BuildSubmission(
                owner: "jdoe", project: "hello", submitter: "jdoe", source: .specURL("https://example.org/x.spec")))
            try await web.report(.source(buildID: failedSource.build.id), .failed)
            _ = try await web.store.submitBuild(BuildSubmission(
                owner: "jdoe", project: "hello", submitter: "jdoe", source: .specURL("https://example.org/y.spec")))
            let canceled = try await web.build(states: ["fedora-41-x86_64": .running])
            try await web.store.requestCancel(buildID: canceled)

            let all = try await web.store.builds(owner: "jdoe", project: "hello")
            var seen = 0
            for state in BuildStatus.allCases {
                let filtered = try await web.store.builds(of: project, state: state, page: PageRequest(number: 1, size: 100))
                let expected = all.filter { $0.state == state }.map(\.build.id).sorted(by: >)
                #expect(filtered.items.map(\.build.id) == expected, "\(state)")
                #expect(filtered.total == expected.count, "\(state)")
                seen += expected.count
            }
            #expect(seen == all.count)
        }
    }

    @Test("pages of builds and projects hold their size, and the search takes LIKE's wildcards literally")
    func pagesAndSearch() async throws {
        try await WebTestApp.run { web in
            let project = try await web.createProject()
            try await web.createProject(name: "hello_world")
            try await web.createProject(name: "hello-world")
            for _ in 1...7 { try await web.build() }
            let second = try await web.store.builds(of: project, state: nil, page: PageRequest(number: 2, size: 3))
            #expect(second.items.map(\.build.id) == [4, 3, 2])
            #expect(second.total == 7 && second.lastPage == 3)
            #expect(try await web.store.builds(of: project, state: nil, page: PageRequest(number: 9, size: 3)).items.isEmpty)

            #expect(try await web.store.projects(matching: "o_w", page: PageRequest(number: 1, size: 10)).items.map(\.name) == ["hello_world"])
            #expect(try await web.store.projects(matching: "%", page: PageRequest(number: 1, size: 10)).total == 0)
            #expect(try await web.store.projects(matching: nil, page: PageRequest(number: 2, size: 2)).items.map(\.name) == ["hello_world"])
        }
    }
}
