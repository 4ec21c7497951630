import CoprCore
import Testing

@Suite("build.info")
struct BuildInfoTests {
    @Test("the file is written as upstream's backend writes it and read back, also after a copy between chroots appended a line")
    func roundTrip() {
        let info = BuildInfo(buildID: 12, builder: "10.0.0.7")
        #expect(info.text == "build_id=12\nbuilder_ip=10.0.0.7")
        #expect(BuildInfo(text: info.text) == info)
        #expect(BuildInfo(text: info.text + "\nfrom_chroot=fedora-rawhide-x86_64") == info)
        #expect(BuildInfo(text: "build_id=3\nbuilder_ip=[fd00::1]")?.builder == "[fd00::1]")
    }

    @Test("a file without a build or a builder, or with a builder that is no host name, is not read", arguments: [
        "", "build_id=12", "builder_ip=host", "build_id=x\nbuilder_ip=host", "build_id=12\nbuilder_ip=",
        "build_id=12\nbuilder_ip=<b>host</b>", "build_id=12\nbuilder_ip=host; rm -rf /",
        "build_id=12\nbuilder_ip=" + String(repeating: "a", count: 300),
    ])
    func refused(text: String) {
        #expect(BuildInfo(text: text) == nil)
    }
}
