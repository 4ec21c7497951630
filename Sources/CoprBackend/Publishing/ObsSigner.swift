import CoprCore
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore

/// Copr's obs-signd contract: the `/bin/sign` client and the keygen service.
///
/// Every sign call is tried `attempts` times with `retryPause` after a failure; a missing
/// key (`unknown key:`) is created with `POST http://<keygen_host>/gen_key` first.
public struct ObsSigner: Signer {
    public var signCommand: String
    public var keygenHost: String
    public var gentlySHA256: Bool
    public var attempts = 3
    public var retryPause: Duration
    public var keygenRetryPolicy: FrontendRetryPolicy
    private let runner: ProcessRunner
    private let logger: Logger

    public init(signCommand: String, keygenHost: String, gentlySHA256: Bool, retryPause: Duration,
                keygenRetryPolicy: FrontendRetryPolicy, runner: ProcessRunner = ProcessRunner(), logger: Logger) {
        self.signCommand = signCommand
        self.keygenHost = keygenHost
        self.gentlySHA256 = gentlySHA256
        self.retryPause = retryPause
        self.keygenRetryPolicy = keygenRetryPolicy
        self.runner = runner
        self.logger = logger
    }

    public func sign(rpms: [String], keyIdentity: SigningIdentity, chroot: String) async throws {
        guard !rpms.isEmpty else { return }
        _ = try await publicKey(keyIdentity)
        let hash = SignatureHash.forChroot(chroot, gentlySHA256: gentlySHA256)
        var failed: [String] = []
        for rpm in rpms {
            let output = try await signWithRetries(["-4", "-h", hash, "-u", keyIdentity.email, "-r", rpm])
            if !output.exit.isSuccess {
                logger.error("Failed to sign \(rpm): \(output.standardError.prefix(300))")
                failed.append((rpm as NSString).lastPathComponent)
            }
        }
        if !failed.isEmpty {
            throw PublishingError.signingFailed("Rpm sign failed, affected rpms: \(failed)")
        }
    }

    public func publicKey(_ keyIdentity: SigningIdentity) async throws -> String {
        var output = try await signWithRetries(["-u", keyIdentity.email, "-p"])
        if !output.exit.isSuccess, output.standardError.contains("unknown key:") {
            try await generateKey(keyIdentity)
            output = try await signWithRetries(["-u", keyIdentity.email, "-p"])
        }
        guard output.exit.isSuccess else {
            throw PublishingError.signingFailed("\(signCommand) -p for \(keyIdentity.email): \(output.standardError.prefix(300))")
        }
        return output.standardOutput
    }

    private func signWithRetries(_ arguments: [String]) async throws -> ProcessOutput {
        var output: ProcessOutput?
        for attempt in 1...attempts {
            let result = try await runner.capture(signCommand, arguments, timeout: .seconds(600))
            output = result
            if result.exit.isSuccess || result.standardError.contains("unknown key:") { break }
            logger.warning("\(signCommand) failed (attempt \(attempt) of \(attempts)): \(result.standardError.prefix(200))")
            if attempt < attempts { try await Task.sleep(for: retryPause) }
        }
        return output!
    }

    private func generateKey(_ keyIdentity: SigningIdentity) async throws {
        let body: JSONValue = ["name_real": .string(keyIdentity.realName), "name_email": .string(keyIdentity.email)]
        var attempt = 0
        while true {
            attempt += 1
            var request = HTTPClientRequest(url: "http://\(keygenHost)/gen_key")
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: Array(try body.encoded())))
            let failure: String
            do {
                let response = try await HTTPClient.shared.execute(
                    request, timeout: .nanoseconds(Int64(keygenRetryPolicy.requestTimeout.seconds * 1e9)))
                let status = Int(response.status.code)
                if status < 400 { return }
                guard status == 408 || status >= 500 else {
                    throw PublishingError.keygenFailed("keygen answered HTTP \(status) for \(keyIdentity.email)")
                }
                failure = "HTTP \(status)"
            } catch let error as PublishingError {
                throw error
            } catch {
                if Task.isCancelled { throw CancellationError() }
                failure = "\(error)"
            }
            guard keygenRetryPolicy.mayRetry(afterAttempt: attempt) else {
                throw PublishingError.keygenFailed("keygen unreachable after \(attempt) attempts: \(failure)")
            }
            logger.warning("Key generation request failed, retrying: \(failure)")
            try await Task.sleep(for: keygenRetryPolicy.sleep(afterAttempt: attempt))
        }
    }
}
