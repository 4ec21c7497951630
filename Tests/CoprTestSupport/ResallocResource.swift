/// A machine the ``ResallocStub`` can hand out.
public struct ResallocResource: Sendable {
    /// The resource name (as in resalloc's pools, e.g. `copr_hv_x86_64_01_prod_00000123`).
    public let name: String
    /// Its tags; a ticket gets this resource only if it has all the requested tags.
    public let tags: Set<String>
    /// The resource's data, returned as the ticket's `output`: a hostname, or the YAML
    /// form ``ResallocResource/yamlOutput(host:name:sshPort:)`` builds.
    public let output: String
    /// How many open tickets may hold it at the same time.
    public let capacity: Int

    public init(name: String, tags: Set<String>, output: String, capacity: Int = 1) {
        self.name = name
        self.tags = tags
        self.output = output
        self.capacity = capacity
    }

    /// The YAML output the HEAD backend parses: `---\nhost: ...\nname: ...\nssh_port: ...\n`.
    public static func yamlOutput(host: String, name: String, sshPort: Int? = nil) -> String {
        "---\nhost: \(host)\nname: \(name)\n" + (sshPort.map { "ssh_port: \($0)\n" } ?? "")
    }
}
