import CoprBackend
import CoprCore
import Foundation

/// Action records shaped as upstream's frontend writes them (`ActionsLogic.send_*`, then
/// `Action.to_dict()` in `action/<id>`): `data` is JSON text, unused columns are null.
enum ActionFixtures {
    static func record(
        _ id: Int, type: Int, objectType: String?, objectID: Int? = nil, oldValue: String? = nil, newValue: String? = nil,
        data: String?, priority: Int? = 0
    ) -> JSONValue {
        [
            "id": .int(id), "action_type": .int(type), "object_type": objectType.map { .string($0) } ?? .null,
            "object_id": objectID.map { .int($0) } ?? .null, "old_value": oldValue.map { .string($0) } ?? .null,
            "new_value": newValue.map { .string($0) } ?? .null, "data": data.map { .string($0) } ?? .null,
            "priority": priority.map { .int($0) } ?? .null, "created_on": .int(1_764_900_000), "ended_on": .null,
            "result": .int(0), "message": .null, "copr_id": .int(3),
        ]
    }

    static func json(_ value: JSONValue) -> String {
        String(decoding: (try? value.encoded()) ?? Data(), as: UTF8.self)
    }

    /// `send_delete_build`.
    static func deleteBuild(_ id: Int, buildID: Int, owner: String, project: String, dirname: String? = nil,
                            chroots: [String: [String]], devel: Bool = false) -> JSONValue {
        record(id, type: 0, objectType: "build", objectID: buildID, data: json([
            "ownername": .string(owner), "projectname": .string(project), "project_dirname": .string(dirname ?? project),
            "chroot_builddirs": .object(chroots.mapValues { .array($0.map { .string($0) }) }),
            "appstream": false, "devel": .bool(devel), "storage": 0,
        ]))
    }

    /// `send_createrepo`.
    static func createrepo(_ id: Int, owner: String, project: String, dirnames: [String]? = nil, chroots: [String],
                           devel: Bool = false) -> JSONValue {
        record(id, type: 3, objectType: "repository", objectID: 0, data: json([
            "ownername": .string(owner), "projectname": .string(project),
            "project_dirnames": .array((dirnames ?? [project]).map { .string($0) }),
            "chroots": .array(chroots.map { .string($0) }), "appstream": false, "storage": 0, "reason": 1,
            "persistent": false, "devel": .bool(devel),
        ]))
    }

    /// `send_delete_copr`.
    static func deleteProject(_ id: Int, owner: String, dirnames: [String]) -> JSONValue {
        record(id, type: 0, objectType: "copr", objectID: 3, data: json([
            "ownername": .string(owner), "project_dirnames": .array(dirnames.map { .string($0) }), "storage": 0,
        ]), priority: 60)
    }

    /// `send_delete_chroot`.
    static func deleteChroot(_ id: Int, owner: String, project: String, chroot: String) -> JSONValue {
        record(id, type: 0, objectType: "chroot", data: json([
            "ownername": .string(owner), "projectname": .string(project), "chrootname": .string(chroot), "storage": 0,
        ]))
    }

    /// `send_fork_copr`.
    static func fork(_ id: Int, from source: String, to destination: String, builds: [String: [String: String]]) -> JSONValue {
        let parts = destination.split(separator: "/").map(String.init)
        return record(id, type: 7, objectType: "copr", objectID: 0, oldValue: source, newValue: destination, data: json([
            "user": .string(parts[0]), "copr": .string(parts[1]), "storage": 0,
            "builds_map": .object(builds.mapValues { .object($0.mapValues { .string($0) }) }),
        ]))
    }

    /// `send_update_comps` for alice/p's `fedora-41-x86_64`.
    static func comps(_ id: Int, present: Bool, urlPath: String = "/coprs/alice/p/chroot/fedora-41-x86_64/comps/") -> JSONValue {
        record(id, type: 4, objectType: "copr_chroot", data: json([
            "ownername": "alice", "projectname": "p", "chroot": "fedora-41-x86_64", "comps_present": .bool(present),
            "url_path": .string(urlPath),
        ]))
    }

    /// The `pending-actions` entry upstream lists for `record`.
    static func pending(_ record: JSONValue, owner: String?) -> JSONValue {
        ["id": record["id"] ?? .null, "priority": record["priority"] ?? .int(0), "project_owner": owner.map { .string($0) } ?? .null]
    }
}
