import CoprCore
import Testing
@testable import CoprBackend

@Suite("Scheduling: copr-be.conf options")
struct SchedulingOptionsTests {
    static func read(_ backend: String) throws -> SchedulingOptions {
        let ini = try INIFile(text: "[backend]\ndestdir = /srv/results\n" + backend)
        return try BackendConfiguration.readScheduling(OptionReader(file: "c.conf", ini: ini))
    }

    @Test("upstream's defaults apply when the options are missing")
    func defaults() throws {
        let options = try Self.read("")
        #expect(options == SchedulingOptions())
        #expect(options.sleeptime == .seconds(5))
        #expect(options.maxWorkers == 60)
        #expect(options.maxWorkersPerSandbox == 10)
        #expect(options.maxWorkersPerOwner == 20)
        #expect(options.maxUserSSH == 2)
        #expect(options.actionsMaxWorkers == 10)
        #expect(options.maxWorkersPerArch.isEmpty && options.blockedOwners.isEmpty)
    }

    @Test("KEY=COUNT lists keep their order and ignore whitespace; other options are read as written")
    func values() throws {
        let options = try Self.read("""
            sleeptime = 0.5
            builds_max_workers = 120
            builds_max_workers_arch = x86_64 =40, aarch64= 10
            builds_max_workers_tag = on_demand_powerful=5
            builds_max_workers_arch_per_owner = s390x=3
            builds_max_workers_sandbox = 4
            builds_max_workers_owner = 8
            builds_max_userssh = 0
            actions_max_workers = 3
            blocked_owners = mallory, @spam ,
            """)
        #expect(options.sleeptime == .milliseconds(500))
        #expect(options.maxWorkers == 120)
        #expect(options.maxWorkersPerArch == [.init("x86_64", max: 40), .init("aarch64", max: 10)])
        #expect(options.maxWorkersPerTag == [.init("on_demand_powerful", max: 5)])
        #expect(options.maxWorkersPerArchAndOwner == [.init("s390x", max: 3)])
        #expect(options.maxWorkersPerSandbox == 4)
        #expect(options.maxWorkersPerOwner == 8)
        #expect(options.maxUserSSH == 0)
        #expect(options.actionsMaxWorkers == 3)
        #expect(options.blockedOwners == ["mallory", "@spam"])
    }

    @Test("a bad KEY=COUNT list is one line naming file, section, option and what is expected", arguments: [
        ("builds_max_workers_arch = x86_64=0",
         "c.conf: [backend] builds_max_workers_arch: 'x86_64=0': expected a count >= 1 (blocked_owners stops an owner's builds)"),
        ("builds_max_workers_arch = x86_64=4, x86_64=5",
         "c.conf: [backend] builds_max_workers_arch: 'x86_64=5': 'x86_64' is listed twice; give each key once"),
        ("builds_max_workers_tag = power9",
         "c.conf: [backend] builds_max_workers_tag: 'power9': expected KEY=COUNT items separated by commas, e.g. on_demand_powerful=5"),
        ("builds_max_workers_tag = power9=many",
         "c.conf: [backend] builds_max_workers_tag: 'power9=many': expected KEY=COUNT items separated by commas, e.g. on_demand_powerful=5"),
        ("builds_max_workers_arch = x86_64=4,",
         "c.conf: [backend] builds_max_workers_arch: '': expected KEY=COUNT items separated by commas, e.g. x86_64=40,aarch64=10"),
        ("builds_max_workers_arch_per_owner = s390x=1=2",
         "c.conf: [backend] builds_max_workers_arch_per_owner: 's390x=1=2': expected KEY=COUNT items separated by commas, e.g. s390x=3,ppc64le=6"),
        ("builds_max_workers_arch_per_owner = =3",
         "c.conf: [backend] builds_max_workers_arch_per_owner: '=3': the key before '=' is empty; expected KEY=COUNT, e.g. s390x=3,ppc64le=6"),
    ])
    func badLists(line: String, message: String) {
        let error = #expect(throws: ConfigurationError.self) { try Self.read(line) }
        #expect(error?.description == message)
    }

    @Test("other bad values name the option too", arguments: [
        ("sleeptime = 0", "c.conf: [backend] sleeptime: '0': expected a number of seconds > 0"),
        ("sleeptime = soon", "c.conf: [backend] sleeptime: 'soon': expected a number of seconds >= 0"),
        ("builds_max_workers = 0", "c.conf: [backend] builds_max_workers: '0': expected a whole number >= 1"),
        ("actions_max_workers = 0", "c.conf: [backend] actions_max_workers: '0': expected a whole number >= 1"),
        ("builds_max_workers_owner = lots", "c.conf: [backend] builds_max_workers_owner: 'lots': expected a whole number >= 1"),
    ])
    func badValues(line: String, message: String) {
        let error = #expect(throws: ConfigurationError.self) { try Self.read(line) }
        #expect(error?.description.hasPrefix(message) == true, "\(error.map { "\($0)" } ?? "")")
    }
}
