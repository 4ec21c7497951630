import Foundation
import NIOCore
import NIOPosix

/// Short, readable reasons for failed network operations ("Connection refused" rather
/// than NIO's "connection reset (error set): Connection refused) (errno: 111)", "TLS:
/// CERTIFICATE_VERIFY_FAILED" rather than BoringSSL's error stack), for the errors and
/// log lines an operator reads.
enum NetworkErrorText {
    static func reason(_ error: any Error) -> String {
        switch error {
        case let failure as NIOConnectionError:
            if let last = failure.connectionErrors.last {
                return reason(last.error)
            }
            if let lookup = failure.dnsAError ?? failure.dnsAAAAError {
                return "cannot resolve \(failure.host): \(reason(lookup))"
            }
            return "cannot connect to \(failure.host):\(failure.port)"
        case let failure as IOError:
            return String(cString: strerror(failure.errnoCode))
        default:
            let text = "\(error)"
            // BoringSSL: "[Error: 268435581 error:1000007d:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED at ...]"
            let codes = text.components(separatedBy: "OPENSSL_internal:").dropFirst().map { $0.prefix { $0.isLetter || $0.isNumber || $0 == "_" } }
            return codes.isEmpty ? text : "TLS: " + codes.joined(separator: ", ")
        }
    }
}
