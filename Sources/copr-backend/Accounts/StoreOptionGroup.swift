import ArgumentParser
import CoprBackend
import CoprCore
import CoprFrontend
import Foundation

/// The embedded frontend's store of `-c FILE`'s `[backend] state_dir`, opened directly by
/// the operator's `user` and `group` commands.
struct StoreOptionGroup: ParsableArguments {
    @Option(name: [.customShort("c"), .customLong("config")], help: "The backend configuration file.")
    var configPath: String = BackendConfiguration.defaultPath

    /// The store (its state directory made if needed) and the `[frontend]` options.
    func open() throws -> (AccountStore, FrontendOptions) {
        let configuration = try BackendConfiguration.loadForCommand(path: configPath)
        guard configuration.frontend.embedded else {
            FileHandle.standardError.write(Data(
                "copr-backend: \(configPath) uses the Copr frontend at \(configuration.backend.frontendBaseURL); its users and tokens are made there\n".utf8))
            throw ExitCode(2)
        }
        let stateDir = configuration.backend.stateDir
        do {
            try FileManager.default.createDirectory(atPath: stateDir, withIntermediateDirectories: true)
            let store = try FrontendStore(path: FrontendStore.path(stateDirectory: stateDir))
            return (AccountStore(store: store), configuration.frontend)
        } catch {
            FileHandle.standardError.write(Data("copr-backend: cannot open the frontend store in \(stateDir): \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}

/// The store as an operator command uses it: a refusal (a bad name, an unknown user) is
/// printed as one line and exits 1.
struct AccountStore {
    let store: FrontendStore

    func reporting<T>(_ body: (FrontendStore) async throws -> T) async throws -> T {
        defer { try? store.close() }
        do {
            return try await body(store)
        } catch let error as InvalidField {
            throw Self.failure(error.description)
        } catch let error as FrontendStoreError {
            throw Self.failure(error.description)
        }
    }

    private static func failure(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("copr-backend: \(message)\n".utf8))
        return ExitCode(1)
    }
}
