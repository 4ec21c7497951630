import Foundation

/// A throw-away certificate authority with a server certificate for 127.0.0.1 and
/// localhost and a client certificate, made with the openssl command line, for TLS tests.
public struct TestCertificates: Sendable {
    /// PEM files.
    public let caFile: String
    public let serverCertificateFile: String
    public let serverKeyFile: String
    public let clientCertificateFile: String
    public let clientKeyFile: String

    /// Writes a new CA and its two certificates (P-256 keys, valid for two days) into
    /// `directory`, with names starting with `prefix`.
    public static func make(in directory: String, prefix: String = "") async throws -> TestCertificates {
        let path = { (name: String) in "\(directory)/\(prefix)\(name)" }
        let certificates = TestCertificates(
            caFile: path("ca.pem"), serverCertificateFile: path("server.pem"), serverKeyFile: path("server.key"),
            clientCertificateFile: path("client.pem"), clientKeyFile: path("client.key"))
        let key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try await Shell.check("openssl", ["req", "-x509"] + key + [
            "-keyout", path("ca.key"), "-out", certificates.caFile, "-days", "2", "-subj", "/CN=copr test CA \(prefix)",
        ])
        try "subjectAltName = IP:127.0.0.1, DNS:localhost\n".write(toFile: path("server.ext"), atomically: true, encoding: .utf8)
        try "extendedKeyUsage = clientAuth\n".write(toFile: path("client.ext"), atomically: true, encoding: .utf8)
        for (name, subject) in [("server", "/CN=localhost"), ("client", "/CN=copr-backend")] {
            try await Shell.check("openssl", ["req"] + key + ["-keyout", path("\(name).key"), "-out", path("\(name).csr"), "-subj", subject])
            try await Shell.check("openssl", [
                "x509", "-req", "-in", path("\(name).csr"), "-CA", certificates.caFile, "-CAkey", path("ca.key"),
                "-CAcreateserial", "-days", "2", "-extfile", path("\(name).ext"), "-out", path("\(name).pem"),
            ])
        }
        return certificates
    }
}
