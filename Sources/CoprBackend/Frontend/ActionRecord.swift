import CoprCore

/// One action as the frontend's `action/<id>` route sends it: upstream's `Action` row,
/// read leniently (every field but `id` may be missing or `null`). `data` stays the JSON
/// text the frontend stores; ``ActionPlan`` reads it for the action's type.
///
/// `Codable` so that the journal keeps the record an action was begun from.
public struct ActionRecord: Sendable, Equatable, Codable {
    public var id: Int
    /// Upstream's `ActionTypeEnum` number (`delete` 0, `createrepo` 3, …).
    public var actionType: Int?
    /// `copr`, `build`, `builds`, `chroot`, `repository`, …
    public var objectType: String?
    public var objectID: Int?
    public var oldValue: String?
    public var newValue: String?
    /// The action's parameters: JSON text, its shape depending on the type.
    public var data: String?
    /// The higher, the later the action is taken.
    public var priority: Int?
    /// Seconds since the epoch.
    public var createdOn: Int?

    public init(
        id: Int, actionType: Int?, objectType: String? = nil, objectID: Int? = nil, oldValue: String? = nil,
        newValue: String? = nil, data: String?, priority: Int? = nil, createdOn: Int? = nil
    ) {
        self.id = id
        self.actionType = actionType
        self.objectType = objectType
        self.objectID = objectID
        self.oldValue = oldValue
        self.newValue = newValue
        self.data = data
        self.priority = priority
        self.createdOn = createdOn
    }

    /// The record in `answer`; throws when it is no object or has no positive integer `id`.
    public init(answer: JSONValue) throws(InvalidField) {
        guard let fields = answer.objectValue else {
            throw InvalidField(field: "action", reason: "expected an object, found \(TaskRules.describe(answer))")
        }
        guard let id = fields["id"]?.intValue, id > 0 else {
            throw InvalidField(field: "id", reason: "expected a positive action number, found \(TaskRules.describe(fields["id"]))")
        }
        self.init(
            id: id, actionType: fields["action_type"]?.intValue, objectType: fields["object_type"]?.stringValue,
            objectID: fields["object_id"]?.intValue, oldValue: fields["old_value"]?.stringValue,
            newValue: fields["new_value"]?.stringValue, data: fields["data"]?.stringValue,
            priority: fields["priority"]?.intValue, createdOn: fields["created_on"]?.intValue)
    }
}

/// One entry of `pending-actions`: the frontend lists only the id, the priority and the
/// owner of the project; the record itself comes from `action/<id>`.
public struct PendingAction: Sendable, Equatable {
    public var id: Int
    /// Lower first; upstream's frontend sends the action's own priority or its type's
    /// default.
    public var priority: Int
    /// Nil for an action of no project.
    public var projectOwner: String?

    public init(id: Int, priority: Int = 0, projectOwner: String? = nil) {
        self.id = id
        self.priority = priority
        self.projectOwner = projectOwner
    }

    /// The entry in `value`, nil when it names no positive id.
    public init?(listed value: JSONValue) {
        guard let id = value["id"]?.intValue, id > 0 else { return nil }
        self.init(id: id, priority: value["priority"]?.intValue ?? 0, projectOwner: value["project_owner"]?.stringValue)
    }
}
