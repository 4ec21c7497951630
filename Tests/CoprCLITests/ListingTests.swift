import CoprCore
import Foundation
import Testing

@testable import copr_backend

/// `build list` and the pages of the results tree that `build download` reads.
@Suite("CLI: listings")
struct ListingTests {
    static func build(_ id: Int, owner: String) -> JSONValue {
        [
            "id": .int(id), "owner": .string(owner), "project": .string("\(owner)/hello"), "package_name": "hello",
            "package_version": "1.0-1", "state": "succeeded", "submitted_on": 0,
        ]
    }

    @Test("build list has a header, keeps the newest N, and says when there is nothing")
    func buildTable() {
        let builds = [Self.build(1, owner: "jdoe"), Self.build(2, owner: "alice"), Self.build(13, owner: "jdoe")]
        #expect(BuildTable().lines(builds, scope: nil) == [
            "ID  PROJECT      PACKAGE      STATE      SUBMITTED",
            "1   jdoe/hello   hello-1.0-1  succeeded  1970-01-01T00:00:00Z",
            "2   alice/hello  hello-1.0-1  succeeded  1970-01-01T00:00:00Z",
            "13  jdoe/hello   hello-1.0-1  succeeded  1970-01-01T00:00:00Z",
        ])
        #expect(BuildTable(limit: 2).selected(builds).map { $0["id"] } == [2, 13])
        #expect(BuildTable().lines([], scope: "the projects of bob") == ["No builds in the projects of bob yet"])
        #expect(BuildTable().lines([], scope: nil) == ["No builds in any project yet"])
    }

    @Test("a results page gives its entries, decoded, without the parent or anything outside")
    func resultListing() {
        let page = """
            <li><a href="../">../</a></li>
            <li><a href="./builder-live.log.gz">builder-live.log.gz</a></li>
            <li><a href="./hello-1.0-1.fc41.x86_64.rpm">x</a></li>
            <li><a href="./repodata/">repodata/</a></li>
            <li><a href="./a%20b%3Ac">a b:c</a></li>
            <li><a href="./..%2Fetc">evil</a></li>
            """
        #expect(ResultListing.entries(inPage: page) == [
            .init(name: "builder-live.log.gz", isDirectory: false), .init(name: "hello-1.0-1.fc41.x86_64.rpm", isDirectory: false),
            .init(name: "repodata", isDirectory: true), .init(name: "a b:c", isDirectory: false),
        ])
    }

    @Test("the tail of a log keeps its last lines, however it arrived")
    func logTail() {
        var tail = LogTail()
        tail.append(Data("one\ntwo\nthr".utf8))
        tail.append(Data("ee\nfour\n".utf8))
        #expect(tail.lines(2) == ["three", "four"])
        #expect(tail.lines() == ["one", "two", "three", "four"])
    }
}
