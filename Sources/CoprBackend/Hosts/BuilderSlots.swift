/// One machine of a static pool as the status shows it: its slots and how many builds
/// hold one now.
public struct BuilderSlots: Sendable, Equatable, Encodable {
    /// The `[host:NAME]` section's name.
    public var name: String
    public var address: String
    /// The tags tasks must ask for to run there, sorted.
    public var tags: [String]
    public var slots: Int
    public var busy: Int
    /// This machine (the local builder) rather than an SSH builder.
    public var local: Bool

    public init(name: String, address: String, tags: [String], slots: Int, busy: Int, local: Bool) {
        self.name = name
        self.address = address
        self.tags = tags
        self.slots = slots
        self.busy = busy
        self.local = local
    }
}
