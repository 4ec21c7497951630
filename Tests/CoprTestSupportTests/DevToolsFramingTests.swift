import Testing

@testable import CoprTestSupport

/// The DevTools pipe's messages taken apart however the reads cut them.
@Suite struct DevToolsFramingTests {
    @Test("messages end at their NUL, whether a read holds several, half of one, or ends on the NUL")
    func splitsAtNUL() {
        var framing = DevToolsFraming()
        #expect(framing.append(Array(#"{"id":1}"#.utf8) + [0] + Array(#"{"id":2}"#.utf8) + [0] + Array(#"{"id"#.utf8)) == [
            Array(#"{"id":1}"#.utf8), Array(#"{"id":2}"#.utf8),
        ])
        #expect(framing.incompleteBytes == 4)
        #expect(framing.append(Array(#"":3}"#.utf8)) == [])
        #expect(framing.append([0]) == [Array(#"{"id":3}"#.utf8)])
        #expect(framing.incompleteBytes == 0)
        #expect(framing.append([0]) == [[]], "an empty message is still one")
        #expect(DevToolsFraming.frame(Array("{}".utf8)) == Array("{}".utf8) + [0])
    }
}
