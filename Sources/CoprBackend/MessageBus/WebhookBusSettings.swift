import Foundation

/// The options of a `bus_type = webhook` file: where to POST and the key that signs bodies.
public struct WebhookBusSettings: Sendable, Equatable {
    /// The receiver's URL (`url`), used as written.
    public var url: String
    /// The shared key of the HMAC-SHA256 signature (`secret`); the receiver holds the same
    /// key and checks `X-Copr-Signature` with it.
    public var secret: String

    public init(url: String, secret: String) {
        self.url = url
        self.secret = secret
    }

    init(_ options: OptionReader) throws {
        let raw = try options.required("bus", "url", expected: "an http:// or https:// URL")
        guard let parsed = URL(string: raw), let scheme = parsed.scheme?.lowercased(), ["http", "https"].contains(scheme),
            parsed.host?.isEmpty == false
        else {
            throw options.error("bus", "url", raw, "expected an http:// or https:// URL")
        }
        url = raw
        secret = try options.required("bus", "secret", expected: "the shared key receivers use to check X-Copr-Signature")
    }
}
