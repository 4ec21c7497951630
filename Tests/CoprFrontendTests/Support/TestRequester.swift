import CoprFrontend
import Foundation
import Hummingbird

/// Who sends a request to the user API in a test: the test app's site admin `jdoe` (the
/// default, so that tests of other things act as someone who may do anything), nobody,
/// the holder of a token, or a raw Authorization header.
enum TestRequester: Sendable {
    case siteAdmin
    case anonymous
    case token(APIToken)
    case authorization(String)

    /// The header fields that present this requester, `admin` being the site admin's token.
    func headers(admin: APIToken) -> HTTPFields {
        switch self {
        case .siteAdmin: Self.token(admin).headers(admin: admin)
        case .anonymous: [:]
        case .token(let token): [.authorization: "Basic " + Data("\(token.id):\(token.secret)".utf8).base64EncodedString()]
        case .authorization(let value): [.authorization: value]
        }
    }
}
