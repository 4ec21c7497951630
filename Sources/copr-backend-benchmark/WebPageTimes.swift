import CoprCore
import CoprFrontend
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging

/// The server time of the web pages of a project with `builds` builds (of `packages`
/// packages in two chroots, every tenth failed): first the store's reads alone, then the project page
/// (first page, a state filter, the last page), its monitor and the home page, each
/// answered by the router in process (no socket), 20 times after one warm-up.
func measureWebPages(builds count: Int, packages: Int) async throws {
    let directory = "/tmp/copr-backend-benchmark-web-\(getpid())"
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try FileManager.default.createDirectory(atPath: "\(directory)/results", withIntermediateDirectories: true)
    let store = try FrontendStore(path: FrontendStore.path(stateDirectory: directory))
    defer { try? store.close() }
    let chroots = ["fedora-41-x86_64", "fedora-41-aarch64"]
    try await store.createProject(NewProject(owner: "bench", name: "bench", chroots: chroots))
    let filling = ContinuousClock.now
    for index in 0..<count {
        let package = "package\(index % max(packages, 1))"
        let build = try await store.submitBuild(BuildSubmission(
            owner: "bench", project: "bench", submitter: "bench", source: .specURL("https://example.org/\(package).spec")))
        let id = build.build.id
        let source = TaskReport(
            task: .source(buildID: id), status: .succeeded, startedOn: 1, endedOn: 2, packageName: package, packageVersion: "1.0-\(index)",
            srpmURL: "https://example.org/\(package).src.rpm")
        let tasks = chroots.map { chroot in
            TaskReport(task: .rpm(buildID: id, chroot: chroot), status: index % 10 == 0 ? .failed : .succeeded, startedOn: 3, endedOn: 4)
        }
        _ = try await store.applyUpdates([source] + tasks)
    }
    print(String(format: "web pages: %d builds of %d packages of one project stored in %.1f s", count, packages, (ContinuousClock.now - filling).seconds))

    let project = try await store.project(owner: "bench", name: "bench")
    for (name, query) in [
        ("store: newest per package", { _ = try await store.latestPackageBuilds(of: project, page: PageRequest(number: 1, size: 100)) }),
        ("store: a page of builds", { _ = try await store.builds(of: project, state: nil, page: PageRequest(number: 1, size: 50)) }),
        ("store: failed builds", { _ = try await store.builds(of: project, state: .failed, page: PageRequest(number: 1, size: 50)) }),
        ("store: succeeded builds", { _ = try await store.builds(of: project, state: .succeeded, page: PageRequest(number: 1, size: 50)) }),
    ] as [(String, () async throws -> Void)] {
        var samples: [Duration] = []
        for _ in 0...20 {
            let started = ContinuousClock.now
            try await query()
            samples.append(ContinuousClock.now - started)
        }
        samples.sort()
        print(String(format: "web pages, %6d builds: %-28@ median %.1f ms", count, name, samples[samples.count / 2].seconds * 1000))
    }
    let layout = ResultsLayout(destdir: "\(directory)/results", baseURL: "http://127.0.0.1:5007/results")
    let logger = Logger(label: "benchmark") { _ in SwiftLogNoOpLogHandler() }
    let actions = UserAPI(
        store: store, layout: layout, publicURL: "http://127.0.0.1:5007", uploadDirectory: "\(directory)/uploads", maximumUploadSize: 1024,
        sourceURLs: SourceURLRule(listenHosts: []), resultsActions: QueuedResultsActions(store: store, layout: layout) {}, logger: logger)
    let web = try WebInterface(store: store, layout: layout, publicURL: "http://127.0.0.1:5007", actions: actions)
    let app = Application(router: FrontendServer.router(for: [web]), logger: logger)
    try await app.test(.router) { client in
        for (name, path) in [
            ("project page", "/coprs/bench/bench/"), ("project page, ?state=failed", "/coprs/bench/bench/?state=failed"),
            ("project page, ?state=succeeded", "/coprs/bench/bench/?state=succeeded"),
            ("project page, last page", "/coprs/bench/bench/?page=\(count / 50)"), ("monitor", "/coprs/bench/bench/monitor/"), ("monitor, last page", "/coprs/bench/bench/monitor/?page=\(max(packages, 1) / 100 + 1)"),
            ("home page", "/"),
        ] {
            var samples: [Duration] = []
            for round in 0...20 {
                let started = ContinuousClock.now
                let response = try await client.execute(uri: path, method: .get)
                guard response.status == .ok else { return print("\(path) answered \(response.status)") }
                if round > 0 { samples.append(ContinuousClock.now - started) }
            }
            samples.sort()
            print(String(format: "web pages, %6d builds: %-28@ median %.1f ms, max %.1f ms (goal < 50 ms)",
                         count, name, samples[samples.count / 2].seconds * 1000, samples.last!.seconds * 1000))
        }
    }
}
