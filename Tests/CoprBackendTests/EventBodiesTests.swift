import CoprBackend
import CoprCore
import Testing

@Suite("Message bodies")
struct EventBodiesTests {
    func event(_ kind: BuildEventKind, status: BuildStatus, builder: String? = "10.0.0.7") throws -> BuildEvent {
        try EventFixtures.event(kind, status: status, builder: builder)
    }

    @Test("v1 bodies carry upstream's fields and 'what' summaries")
    func v1() throws {
        let start = EventBodies.v1(try event(.buildStart, status: .running), who: "backend.worker-rpm_build_worker:77-fedora-41-x86_64", pid: 4242)
        #expect(start == [
            "user": "jdoe", "copr": "tools", "owner": "@copr", "pkg": "hello", "build": 77, "chroot": "fedora-41-x86_64",
            "version": "1.0-1", "status": 3, "ip": "10.0.0.7", "who": "backend.worker-rpm_build_worker:77-fedora-41-x86_64",
            "pid": 4242, "what": "build start: user:jdoe copr:tools pkg:hello build:77 ip:10.0.0.7 pid:4242",
        ])
        #expect(EventBodies.v1(try event(.chrootStart, status: .running), who: "w", pid: 1)["what"]
            == "chroot start: chroot:fedora-41-x86_64 user:jdoe copr:tools pkg:hello build:77 ip:10.0.0.7 pid:1")
        #expect(EventBodies.v1(try event(.buildEnd, status: .failed, builder: nil), who: "w", pid: 1)["what"]
            == "build end: user:jdoe copr:tools build:77 pkg:hello version:1.0-1 ip:None pid:1 status:0")
    }

    @Test("v1stomp bodies are strings with status names, chroot.start carries the chroot")
    func v1Stomp() throws {
        let end = EventBodies.v1Stomp(try event(.buildEnd, status: .succeeded))
        #expect(end.topic == "build.end")
        #expect(end.body == [
            "build": "77", "owner": "@copr", "copr": "tools", "submitter": "jdoe", "package": "hello-1.0-1",
            "chroot": "fedora-41-x86_64", "builder": "10.0.0.7", "status": "SUCCEEDED", "status_int": "1",
        ])
        let chroot = EventBodies.v1Stomp(try event(.chrootStart, status: .running))
        #expect(chroot.topic == "chroot.start")
        #expect(chroot.body == ["chroot": "fedora-41-x86_64"])
        #expect(EventBodies.v1Stomp(try event(.buildStart, status: .starting, builder: nil)).body["status"] == "STARTING")
    }
}
