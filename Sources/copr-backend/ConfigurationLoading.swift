import ArgumentParser
import CoprBackend
import Foundation

extension BackendConfiguration {
    /// Loads the configuration for a command; a problem is printed as one line and ends
    /// the process with exit code 2.
    static func loadForCommand(path: String) throws -> BackendConfiguration {
        do {
            return try load(path: path)
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data("copr-backend: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}
