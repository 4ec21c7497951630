@testable import CoprRPMBuild
import Testing

@Suite("Log filter (loggify)")
struct LogFilterTests {
    private func filter(_ text: String) -> String {
        var filter = LogFilter()
        var output = filter.feed(Array(text.utf8))
        output += filter.finish()
        return String(decoding: output, as: UTF8.self)
    }

    @Test func keepsOnlyTheLastStateOfAProgressLine() {
        #expect(filter("Downloading  10%\rDownloading  50%\rDownloading 100%\ndone\n") == "Downloading 100%\ndone\n")
    }

    @Test func dropsTrailingCarriageReturnsOfWindowsLineEnds() {
        #expect(filter("one\r\ntwo\r\n") == "one\ntwo\n")
    }

    @Test func stripsTerminalEscapesAndShiftCharacters() {
        #expect(filter("\u{1B}[1;31mred\u{1B}[0m \u{1B}]0;title\u{07}text\u{0E}x\u{0F} \u{1B}(Bok\n") == "red textx ok\n")
    }

    @Test func emitsOnlyCompleteLinesUntilTheEnd() {
        var filter = LogFilter()
        #expect(filter.feed(Array("partial".utf8)).isEmpty)
        #expect(String(decoding: filter.feed(Array(" line\nnext".utf8)), as: UTF8.self) == "partial line\n")
        #expect(String(decoding: filter.finish(), as: UTF8.self) == "next\n")
    }
}
