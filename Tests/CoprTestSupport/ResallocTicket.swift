/// A ticket as the ``ResallocStub`` saw it, for assertions.
public struct ResallocTicket: Sendable, Equatable {
    /// The ticket id `takeTicket` returned.
    public let id: Int
    /// The tags the client asked for, in the order sent.
    public let tags: [String]
    /// The sandbox the client passed, if any.
    public let sandbox: String?
    /// The resource assigned to the ticket, once there is one.
    public internal(set) var resource: String?
    /// How many times `collectTicket` was called for it.
    public internal(set) var collects = 0
    /// Whether the resource was marked dead (``ResallocStub/failTicket(_:)``).
    public internal(set) var failed = false
    /// Whether the ticket is closed (by the client or the server).
    public internal(set) var closed = false
}
