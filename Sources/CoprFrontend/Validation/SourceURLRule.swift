import CoprCore
import Foundation

/// What a submitted source URL (`srpm_url`, `spec_url`, a git `clone_url`) must pass besides
/// its form, before any builder is told to fetch it:
///
/// - Its host must not resolve to an address the build farm keeps to itself: the
///   ``AddressPolicy`` the builder agent applies too, plus where the frontend and the
///   daemon listen. A host without an answer in time is let through; the builder checks
///   again when it fetches.
/// - It must not name an upload. An upload is the source of the build it was uploaded for
///   only (the store records which), so a URL that names a stored upload is refused in
///   whatever spelling: any host, doubled slashes, `..`, percent-encoding. A URL into this
///   frontend's uploads is refused as well, whether or not the upload still exists.
///
/// ```swift
/// let rule = SourceURLRule(listenHosts: ["127.0.0.1", "0.0.0.0"])  // a wildcard: every local address
/// ```
public struct SourceURLRule: Sendable {
    public var addresses: AddressPolicy
    public var resolver: any HostResolver
    /// The time limit of resolving one submitted host.
    public var resolveTimeout: Duration

    public init(addresses: AddressPolicy, resolver: any HostResolver = SystemHostResolver(), resolveTimeout: Duration = .seconds(5)) {
        self.addresses = addresses
        self.resolver = resolver
        self.resolveTimeout = resolveTimeout
    }

    /// The default networks plus the addresses the frontend and the daemon listen on
    /// (`listenHosts`). A wildcard address (`0.0.0.0`, `::`) or a host name stands for every
    /// address of this machine.
    public init(listenHosts: [String], resolver: any HostResolver = SystemHostResolver(), resolveTimeout: Duration = .seconds(5)) {
        let literals = listenHosts.map { IPAddress($0) }
        let specific = literals.compactMap { $0 }.filter { !$0.bytes.allSatisfy { $0 == 0 } }
        self.init(
            addresses: AddressPolicy(forbiddenAddresses: specific, forbidsInterfaceAddresses: specific.count < listenHosts.count),
            resolver: resolver, resolveTimeout: resolveTimeout)
    }

    /// Throws ``InvalidField`` naming the field and the reason when `source` breaks the rule
    /// (or has a malformed field, found before anything is resolved). `uploadsURL` is where
    /// this frontend serves its uploads.
    func check(_ source: BuildSource, uploads store: FrontendStore, uploadsURL: String) async throws {
        let (field, url): (String, String)
        switch try source.checked() {
        case .srpmURL(let link): (field, url) = ("SRPM URL", link)
        case .specURL(let link): (field, url) = ("spec URL", link)
        case .git(let cloneURL, _, _, _): (field, url) = ("clone URL", cloneURL)
        case .upload, .pypi: return
        }
        let owners = try await store.uploadOwners(directories: Self.uploadDirectories(namedIn: url))
        if let owner = owners.values.min() {
            throw InvalidField(field: field, reason: "it names the upload of build \(owner); \(Self.uploadAdvice)")
        }
        if Self.location(of: url).isBelow(Self.location(of: uploadsURL)) {
            throw InvalidField(field: field, reason: "it points at the uploads of this frontend; \(Self.uploadAdvice)")
        }
        guard let host = URL(string: url)?.connectionHost else { return }
        do throws(HostRefusal) {
            _ = try await addresses.check(host: host, resolver: resolver, timeout: resolveTimeout)
        } catch {
            // A host without an answer here is resolved and checked again by the builder.
            guard case .forbidden = error else { return }
            throw InvalidField(field: field, reason: "\(error)")
        }
    }

    private static let uploadAdvice = "an upload is the source of its own build only, upload the file again instead"

    /// Where a URL leads on its server, compared the way a server resolves it: host in
    /// lower case without a trailing dot, the scheme's default port made explicit, the
    /// path percent-decoded with empty, `.` and `..` segments resolved.
    private struct Location: Equatable {
        var host: String
        var port: Int?
        var path: [String]

        func isBelow(_ base: Location) -> Bool {
            host == base.host && port == base.port && path.starts(with: base.path)
        }
    }

    private static func location(of url: String) -> Location {
        let components = URLComponents(string: url)
        var host = URL(string: url)?.connectionHost?.lowercased() ?? ""
        if host.hasSuffix(".") { host.removeLast() }
        let defaultPort = ["http": 80, "https": 443][components?.scheme?.lowercased() ?? ""]
        var path: [String] = []
        for segment in fullyDecoded(components?.percentEncodedPath ?? "").split(separator: "/") {
            switch segment {
            case ".": continue
            case "..": _ = path.popLast()
            default: path.append(String(segment))
            }
        }
        return Location(host: host, port: components?.port ?? defaultPort, path: path)
    }

    /// Every UUID in `url` once percent-encoding is undone, as often as it was applied:
    /// the directories of the uploads the URL could name, in lower case.
    static func uploadDirectories(namedIn url: String) -> Set<String> {
        let text = fullyDecoded(url)
        let uuid = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/
        return Set(text.matches(of: uuid).map { text[$0.range].lowercased() })
    }

    /// `text` with percent-encoding undone as often as it was applied (at most 8 times).
    private static func fullyDecoded(_ text: String) -> String {
        var text = text
        for _ in 0..<8 {
            let decoded = percentDecoded(text)
            if decoded == text { break }
            text = decoded
        }
        return text
    }

    /// `text` with each valid `%XX` replaced by its byte. Foundation's decoding gives up on
    /// the whole text at one malformed escape, which would hide the valid ones around it.
    private static func percentDecoded(_ text: String) -> String {
        var bytes: [UInt8] = []
        var input = Array(text.utf8)[...]
        while let byte = input.popFirst() {
            if byte == UInt8(ascii: "%"), input.count >= 2, input.prefix(2).allSatisfy({ Character(UnicodeScalar($0)).isHexDigit }),
               let value = UInt8(String(decoding: input.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                input = input.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
