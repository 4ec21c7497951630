import Foundation

/// A builder machine leased for one attempt of one task.
public struct BuilderHost: Sendable, Equatable, Codable {
    /// What ssh connects to: a host name or an IP address (validated).
    public var hostname: String
    public var port: Int?
    /// The provider's name for the machine (resalloc resource name, static host name).
    public var name: String?
    /// A user that overrides `build_user` (static hosts may set one).
    public var user: String?
    /// Unique for this lease; names the pinned host key and the SSH control socket.
    public var allocationID: String
    /// The resalloc ticket, when the host came from resalloc.
    public var ticketID: Int?
    public var requestedTags: [String]
    /// How commands reach the machine.
    public var transport: BuilderTransport = .ssh

    public init(hostname: String, port: Int?, name: String?, user: String?, allocationID: String, ticketID: Int?, requestedTags: [String]) {
        self.hostname = hostname
        self.port = port
        self.name = name
        self.user = user
        self.allocationID = allocationID
        self.ticketID = ticketID
        self.requestedTags = requestedTags
    }

    /// One line for logs and the process title, in upstream's format.
    public var info: String {
        var parts: [String] = []
        if let ticketID {
            parts.append("ResallocHost, ticket_id=\(ticketID)")
        } else {
            parts.append("StaticHost")
        }
        parts.append("hostname=\(hostname)")
        if let name { parts.append("name=\(name)") }
        parts.append("requested_tags=\(requestedTags)")
        if let port { parts.append("port=\(port)") }
        return parts.joined(separator: ", ")
    }

    /// Refuses host names that could be taken for ssh options or shell words: only
    /// letters, digits, `.`, `-`, `:` (IPv6), `_`, not starting with `-`.
    public static func validatedHostname(_ value: String) -> String? {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= 253, !trimmed.hasPrefix("-"),
              trimmed.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) && $0.isASCII || ".-:_".unicodeScalars.contains($0) })
        else { return nil }
        return trimmed
    }
}

/// How the backend reaches a builder.
public enum BuilderTransport: Sendable, Equatable, Codable {
    /// OpenSSH to a remote machine.
    case ssh
    /// This machine, no SSH: builder commands run as local processes and every builder
    /// path lives under `root` (the embedded default for single-machine farms).
    case local(root: String)
}
