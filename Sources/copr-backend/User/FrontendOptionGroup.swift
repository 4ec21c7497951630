import ArgumentParser
import CoprBackend
import Foundation

/// How the user commands find the embedded frontend: `--url`, else `$COPR_BACKEND_URL`,
/// else the `[frontend]` of the configuration file, else the default address.
struct FrontendOptionGroup: ParsableArguments {
    @Option(help: "The embedded frontend's URL (default: $COPR_BACKEND_URL, or [frontend] public_url of the configuration).")
    var url: String?

    @Option(name: [.customShort("c"), .customLong("config")], help: "The backend configuration file.")
    var configPath: String = BackendConfiguration.defaultPath

    func client() throws -> UserAPIClient {
        do {
            return try UserAPIClient(baseURL: try baseURL())
        } catch let failure as UserAPIFailure {
            FileHandle.standardError.write(Data("copr-backend: \(failure)\n".utf8))
            throw ExitCode(2)
        }
    }

    private func baseURL() throws -> String {
        if let url { return url }
        if let url = ProcessInfo.processInfo.environment["COPR_BACKEND_URL"], !url.isEmpty { return url }
        guard FileManager.default.fileExists(atPath: configPath) else { return FrontendOptions(embedded: true).publicURL }
        let configuration = try BackendConfiguration.loadForCommand(path: configPath)
        guard configuration.frontend.embedded else {
            FileHandle.standardError.write(Data(
                "copr-backend: \(configPath) uses the Copr frontend at \(configuration.backend.frontendBaseURL); use its own tools (copr-cli)\n".utf8))
            throw ExitCode(2)
        }
        return configuration.frontend.publicURL
    }
}

/// Runs a user command's request; a refusal is printed as one line and exits 1.
func reportingFailure<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let failure as UserAPIFailure {
        FileHandle.standardError.write(Data("copr-backend: \(failure)\n".utf8))
        throw ExitCode(1)
    }
}
