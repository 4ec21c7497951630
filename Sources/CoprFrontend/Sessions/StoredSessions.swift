import Foundation
import Hummingbird

/// hummingbird-auth's session storage on the frontend's store (a `PersistDriver`), so
/// that sessions survive a restart of the daemon. Values are JSON.
///
/// Written here because Hummingbird ships only an in-memory driver (which would sign
/// everyone out at each restart) and drivers for Redis/Valkey and PostgreSQL, which the
/// embedded frontend does not run.
public struct StoredSessions: PersistDriver {
    let store: FrontendStore

    public init(store: FrontendStore) {
        self.store = store
    }

    public func create<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        guard try await store.storeSession(key: key, value: try JSONEncoder().encode(value), expires: deadline(expires), replace: false)
        else { throw PersistError.duplicate }
    }

    public func set<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        _ = try await store.storeSession(key: key, value: try JSONEncoder().encode(value), expires: deadline(expires), replace: true)
    }

    public func get<Object: Codable & Sendable>(key: String, as type: Object.Type) async throws -> Object? {
        try await getWithTTL(key: key, as: type)?.object
    }

    public func getWithTTL<Object: Codable & Sendable>(key: String, as type: Object.Type) async throws -> (object: Object, ttl: Duration?)? {
        guard let stored = try await store.session(key: key) else { return nil }
        // A value of another shape (an older version's) reads as no session.
        guard let object = try? JSONDecoder().decode(type, from: stored.value) else { return nil }
        return (object, stored.expires.map { .seconds(max(0, $0 - store.clock())) })
    }

    public func remove(key: String) async throws {
        try await store.removeSession(key: key)
    }

    private func deadline(_ expires: Duration?) -> Double? {
        expires.map { store.clock() + $0.seconds }
    }
}
