import CoprCore
import CoprFrontend
import Hummingbird
import HummingbirdTesting
import Logging

/// Parts of the embedded frontend answered in process: the router `FrontendServer` serves
/// them with, driven by Hummingbird's router test mode, without a socket or a listener.
///
/// ```swift
/// try await FrontendRouterTest.run(in: directory) { store in
///     [BackendAPI(store: store, layout: layout, password: "frontend-auth", logger: FrontendRouterTest.logger)]
/// } body: { client, store in
///     let answer = try await client.send("GET", "/backend/pending-jobs/")
/// }
/// ```
enum FrontendRouterTest {
    /// Logs nothing: the tests check answers, not log lines.
    static let logger = Logger(label: "frontend-router-test") { _ in SwiftLogNoOpLogHandler() }

    /// Opens the store of state directory `directory` (creating it), builds the router of
    /// the parts `parts` makes over it, and runs `body` with a client of that router and
    /// the store (offering `chrootOffer`); the store is closed afterwards.
    static func run<T>(
        in directory: String, onWork: @escaping @Sendable () -> Void = {}, chrootOffer: ChrootOffer? = nil,
        parts: (FrontendStore) -> [any FrontendRoutes],
        body: @Sendable (any TestClientProtocol, FrontendStore) async throws -> T
    ) async throws -> T {
        let store = try FrontendStore(path: FrontendStore.path(stateDirectory: directory), onWork: onWork, chrootOffer: chrootOffer)
        defer { try? store.close() }
        let app = Application(router: FrontendServer.router(for: parts(store)), logger: logger)
        return try await app.test(.router) { client in try await body(client, store) }
    }
}
