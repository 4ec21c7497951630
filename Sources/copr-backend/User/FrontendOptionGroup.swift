import ArgumentParser
import CoprBackend
import Foundation

/// How the user commands find the embedded frontend and their API token. The token is
/// that of copr-cli's configuration file (`--copr-config`, by default `~/.config/copr`),
/// sent with every request; the URL is `--url`, else `$COPR_BACKEND_URL`, else that
/// file's `copr_url`, else `[frontend] public_url` of the backend configuration, else
/// the default address.
struct FrontendOptionGroup: ParsableArguments {
    @Option(help: "The embedded frontend's URL (default: $COPR_BACKEND_URL, copr_url of --copr-config, or [frontend] public_url of the configuration).")
    var url: String?

    @Option(name: [.customShort("c"), .customLong("config")], help: "The backend configuration file.")
    var configPath: String = BackendConfiguration.defaultPath

    @Option(help: "copr-cli's configuration file with your API token, from copr-backend user add (default: ~/.config/copr).")
    var coprConfig: String?

    func client() throws -> UserAPIClient {
        let file = try reportingFailure { try CoprCLIFile.load(path: coprConfig ?? CoprCLIFile.defaultPath) }
        if let coprConfig, file == nil {
            FileHandle.standardError.write(Data("copr-backend: \(coprConfig) does not exist; make it with copr-backend user token LOGIN > \(coprConfig)\n".utf8))
            throw ExitCode(2)
        }
        do {
            return try UserAPIClient(baseURL: try baseURL(file: file), credentials: file?.basicCredentials)
        } catch let failure as UserAPIFailure {
            FileHandle.standardError.write(Data("copr-backend: \(failure)\n".utf8))
            throw ExitCode(2)
        }
    }

    private func baseURL(file: CoprCLIFile?) throws -> String {
        if let url { return url }
        if let url = ProcessInfo.processInfo.environment["COPR_BACKEND_URL"], !url.isEmpty { return url }
        if let url = file?.coprURL, !url.isEmpty { return url }
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
        throw failed(failure)
    }
}

/// The same for a step that does not wait.
func reportingFailure<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let failure as UserAPIFailure {
        throw failed(failure)
    }
}

private func failed(_ failure: UserAPIFailure) -> ExitCode {
    FileHandle.standardError.write(Data("copr-backend: \(failure)\n".utf8))
    return ExitCode(1)
}
