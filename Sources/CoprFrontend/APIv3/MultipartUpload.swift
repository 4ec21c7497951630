import CoprCore
import Foundation
import Hummingbird

/// The `multipart/form-data` body of `build/create/upload` as python-copr sends it: a
/// part `pkgs` with the file (its `filename` the file's base name) and a part `json`
/// with the build's fields, in either order. The file is streamed into a new upload,
/// refused with 413 beyond the upload limit; the JSON is read up to the limit of a JSON
/// body. Any other part, a malformed body or a missing part is refused with 400, and
/// nothing of the upload stays behind.
///
/// Our own reader rather than vapor/multipart-kit's `MultipartParser`: that parser gathers
/// a part's header lines without a bound, so a hostile body could keep up to the upload
/// limit in memory as one header, and it does not tell whether the closing boundary
/// arrived, which is how a body cut short is told from a complete one.
struct MultipartUpload {
    /// The stored upload, `<UUID>/<file name>`.
    let upload: String
    /// The `json` part.
    let fields: JSONValue

    /// A part's headers may be at most this long.
    private static let maximumHeaderSize = 16 * 1024

    private enum State {
        case preamble, headers, file(UploadWriter), json, done
    }

    /// Reads `request` into `uploads`.
    static func receive(_ request: Request, into uploads: UploadDirectory, maximumSize: Int) async throws -> MultipartUpload {
        let delimiter = Array("\r\n--\(try boundary(request))".utf8)
        var pending: [UInt8] = Array("\r\n".utf8)
        var state = State.preamble
        var writer: UploadWriter?
        var json: [UInt8] = []
        do {
            var chunks = request.body.makeAsyncIterator()
            var ended = false
            while !ended {
                if let buffer = try await UploadDirectory.next(of: &chunks, received: writer?.received ?? 0) {
                    pending.append(contentsOf: buffer.readableBytesView)
                } else {
                    ended = true
                }
                while try step(&state, &pending, delimiter: delimiter, writer: &writer, json: &json, maximumSize: maximumSize, uploads: uploads) {}
            }
            guard case .done = state else { throw malformed("it ends before its closing boundary") }
            guard let file = writer else { throw malformed("it has no part \"pkgs\" with the file") }
            guard !json.isEmpty, let fields = try? JSONValue.decode(Data(json)) else {
                throw malformed("it has no part \"json\" with the build's fields in JSON")
            }
            return MultipartUpload(upload: try file.finish(), fields: fields)
        } catch {
            writer?.discard()
            throw error
        }
    }

    /// Consumes what it can of `pending`; true when it should be called again.
    private static func step(
        _ state: inout State, _ pending: inout [UInt8], delimiter: [UInt8], writer: inout UploadWriter?, json: inout [UInt8],
        maximumSize: Int, uploads: UploadDirectory
    ) throws -> Bool {
        switch state {
        case .done:
            // python-copr ends with a line end; a body that goes on is not its.
            guard pending.count <= 1024 else { throw malformed("it goes on after its closing boundary") }
            return false
        case .headers:
            guard let end = find(Array("\r\n\r\n".utf8), in: pending) else {
                guard pending.count <= maximumHeaderSize else { throw malformed("a part's headers are longer than \(maximumHeaderSize) bytes") }
                return false
            }
            let headers = String(decoding: pending[..<end], as: UTF8.self)
            pending.removeFirst(end + 4)
            state = try part(headers, writer: &writer, maximumSize: maximumSize, uploads: uploads)
            return true
        case .preamble, .file, .json:
            guard let start = find(delimiter, in: pending) else {
                let safe = max(0, pending.count - delimiter.count - 1)
                try consume(pending[..<safe], state, &json)
                pending.removeFirst(safe)
                return false
            }
            guard pending.count >= start + delimiter.count + 2 else {
                try consume(pending[..<start], state, &json)
                pending.removeFirst(start)
                return false
            }
            try consume(pending[..<start], state, &json)
            let after = Array(pending[(start + delimiter.count)..<(start + delimiter.count + 2)])
            pending.removeFirst(start + delimiter.count + 2)
            switch after {
            case Array("--".utf8): state = .done
            case Array("\r\n".utf8): state = .headers
            default: throw malformed("a boundary is followed by neither a line end nor --")
            }
            return true
        }
    }

    /// Takes the content `bytes` of the part being read.
    private static func consume(_ bytes: ArraySlice<UInt8>, _ state: State, _ json: inout [UInt8]) throws {
        switch state {
        case .file(let writer): try writer.write(bytes)
        case .json:
            json.append(contentsOf: bytes)
            guard json.count <= UserAPI.maximumJSONBodySize else {
                throw UserAPIError.tooLarge("part \"json\"", limit: UserAPI.maximumJSONBodySize)
            }
        case .preamble, .headers, .done: break
        }
    }

    /// The state a part with `headers` starts: the file or the JSON.
    private static func part(_ headers: String, writer: inout UploadWriter?, maximumSize: Int, uploads: UploadDirectory) throws -> State {
        let disposition = headers.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-disposition:") }.map(String.init) ?? ""
        switch parameter("name", of: disposition) {
        case "pkgs":
            guard writer == nil else { throw malformed("it has more than one part \"pkgs\"; upload one file a build") }
            guard let name = parameter("filename", of: disposition) else { throw malformed("its part \"pkgs\" has no filename") }
            let file = try UploadWriter(in: uploads, fileName: try TaskRules.sourceFileName(name), maximumSize: maximumSize)
            writer = file
            return .file(file)
        case "json":
            return .json
        case let other:
            throw malformed("unknown part \(other.map(TaskRules.quoted) ?? "without a name"); the parts are \"pkgs\" (the file) and \"json\"")
        }
    }

    /// The quoted parameter `name` of a Content-Disposition header (`name="pkgs"`).
    static func parameter(_ name: String, of disposition: String) -> String? {
        for item in disposition.split(separator: ";").dropFirst() {
            let pair = item.trimmingCharacters(in: .whitespaces)
            guard pair.hasPrefix("\(name)=\""), pair.hasSuffix("\""), pair.count >= name.count + 3 else { continue }
            return String(pair.dropFirst(name.count + 2).dropLast())
        }
        return nil
    }

    /// The boundary of the request's `multipart/form-data` Content-Type.
    static func boundary(_ request: Request) throws -> String {
        let type = request.headers[.contentType] ?? ""
        guard type.lowercased().hasPrefix("multipart/form-data"),
              let range = type.range(of: "boundary=")
        else { throw UserAPIError(.badRequest, "Bad request parameters: this endpoint takes multipart/form-data with a part \"json\", as python-copr sends it") }
        let boundary = type[range.upperBound...].split(separator: ";").first.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")) } ?? ""
        guard (1...70).contains(boundary.count), !boundary.contains(where: { $0 == "\r" || $0 == "\n" }) else {
            throw malformed("its boundary is empty, longer than 70 characters or has a line end")
        }
        return boundary
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return start }
        }
        return nil
    }

    static func malformed(_ reason: String) -> UserAPIError {
        UserAPIError(.badRequest, "Bad request parameters: the multipart body is malformed: \(reason)")
    }
}
