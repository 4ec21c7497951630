import CoprCore
@testable import CoprRPMBuild
import Testing

@Suite("Builder configuration (main.ini)")
struct ConfigurationTests {
    @Test func defaultsAreUpstreams() throws {
        let config = try BuilderConfig(ini: try INIFile(text: ""), environment: [:])
        #expect(config.resultDir == "/var/lib/copr-rpmbuild/results")
        #expect(config.lockFile == "/var/lib/copr-rpmbuild/lockfile")
        #expect(config.logFile == "/var/lib/copr-rpmbuild/main.log")
        #expect(config.pidFile == "/var/lib/copr-rpmbuild/pid")
        #expect(config.loggerPidFile == "/var/lib/copr-rpmbuild/logger_pid")
        #expect(config.workspace == "/var/lib/copr-rpmbuild/workspace")
        #expect(config.timings.logWaitTimeout == .seconds(120))
        #expect(config.timings.logPollInterval == .seconds(5))
        #expect(config.timings.cancelInterval == .seconds(3))
        #expect(config.timings.cancelKillAfter == .seconds(30))
        #expect(config.timings.timeoutSignalStep == .seconds(10))
    }

    @Test func readsTheMainSectionAndLetsTheEnvironmentWin() throws {
        let ini = try INIFile(text: """
            # builder
            [main]
            frontend_url = https://copr.example.org
            resultdir: /srv/results
            cancel_interval = 0.5
            [other]
            resultdir = /ignored
            """)
        let config = try BuilderConfig(ini: ini, environment: ["COPR_RPMBUILD_CANCEL_INTERVAL": "0.25"])
        #expect(config.frontendURL == "https://copr.example.org")
        #expect(config.resultDir == "/srv/results")
        #expect(config.timings.cancelInterval == .milliseconds(250))
    }

    @Test func refusesRelativePathsAndBadNumbers() {
        #expect(throws: CoprRPMBuildError.self) {
            try BuilderConfig(ini: try INIFile(text: "[main]\nresultdir = results\n"), environment: [:])
        }
        #expect(throws: CoprRPMBuildError.self) {
            try BuilderConfig(ini: try INIFile(text: "[main]\nlog_wait_timeout = soon\n"), environment: [:])
        }
    }

    @Test("a local builder's private_build_network is read like require_network_isolation, off by default")
    func privateBuildNetwork() throws {
        #expect(try BuilderConfig(ini: try INIFile(text: ""), environment: [:]).privateBuildNetwork == false)
        let on = try BuilderConfig(ini: try INIFile(text: "[main]\nprivate_build_network = yes\n"), environment: [:])
        #expect(on.privateBuildNetwork)
        let fromEnvironment = try BuilderConfig(ini: try INIFile(text: ""), environment: ["COPR_RPMBUILD_PRIVATE_BUILD_NETWORK": "true"])
        #expect(fromEnvironment.privateBuildNetwork)
        #expect(throws: CoprRPMBuildError.self) {
            try BuilderConfig(ini: try INIFile(text: "[main]\nprivate_build_network = maybe\n"), environment: [:])
        }
    }
}
