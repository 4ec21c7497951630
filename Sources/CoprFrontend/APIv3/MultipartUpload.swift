import CoprCore
import Foundation
import Hummingbird

/// A `multipart/form-data` body with one file, as python-copr's `build/create/upload`
/// sends it (a part `pkgs` with the file, its `filename` the file's base name, and a part
/// `json` with the build's fields, in either order) and as the web interface's upload form
/// does (`csrf_token`, `chroots` and `pkgs`). The file is streamed into a new upload,
/// refused with 413 beyond the upload limit; the text parts together are read up to the
/// limit of a JSON body. A part the body may not have, a malformed body or a second file
/// is refused with 400, and nothing of the upload stays behind. The small multipart writes
/// (``fields(of:uploads:)``) are read by it too.
///
/// Our own reader rather than vapor/multipart-kit's `MultipartParser`: that parser gathers
/// a part's header lines without a bound, so a hostile body could keep up to the upload
/// limit in memory as one header, and it does not tell whether the closing boundary
/// arrived, which is how a body cut short is told from a complete one.
struct MultipartUpload {
    /// The parts a body may have.
    struct Parts: Sendable {
        /// The file part's name.
        let file: String
        /// The names of the text parts.
        let texts: Set<String>
        /// Runs when the file part begins, with the text parts before it: a form can be
        /// refused (its CSRF token checked) before a byte of the file is stored.
        var beforeFile: @Sendable ([String: [String]]) throws -> Void = { _ in }

        /// python-copr's upload: the file `pkgs` and the build's fields in `json`.
        static let pythonCopr = Parts(file: "pkgs", texts: ["json"])
    }

    /// The stored upload, `<UUID>/<file name>`; nil when the body had no file (a browser
    /// sends its file part with an empty `filename` when no file was chosen).
    let upload: String?
    /// The text parts' values by name, in the order they came.
    let texts: [String: [String]]

    /// A part's headers may be at most this long.
    private static let maximumHeaderSize = 16 * 1024

    private enum State {
        case preamble, headers, file(UploadWriter), noFile, text, done
    }

    /// What has been read so far.
    private struct Progress {
        var state = State.preamble
        var writer: UploadWriter?
        var sawFile = false
        /// The text parts so far, in order, each's bytes.
        var textParts: [(name: String, bytes: [UInt8])] = []
        /// The bytes of the text parts so far, with their headers.
        var textSize = 0

        /// The text parts' values by name, in the order they came.
        var texts: [String: [String]] {
            textParts.reduce(into: [:]) { texts, part in texts[part.name, default: []].append(String(decoding: part.bytes, as: UTF8.self)) }
        }
    }

    /// Reads `request`, which may have `parts`, its file into `uploads`.
    static func receive(_ request: Request, _ parts: Parts, into uploads: UploadDirectory, maximumSize: Int) async throws -> MultipartUpload {
        let delimiter = Array("\r\n--\(try boundary(request))".utf8)
        var pending: [UInt8] = Array("\r\n".utf8)
        var progress = Progress()
        do {
            var chunks = request.body.makeAsyncIterator()
            var ended = false
            while !ended {
                if let buffer = try await UploadDirectory.next(of: &chunks, received: progress.writer?.received ?? 0) {
                    pending.append(contentsOf: buffer.readableBytesView)
                } else {
                    ended = true
                }
                while try step(&progress, &pending, delimiter: delimiter, parts: parts, maximumSize: maximumSize, uploads: uploads) {}
            }
            guard case .done = progress.state else { throw malformed("it ends before its closing boundary") }
            return MultipartUpload(upload: try progress.writer?.finish(), texts: progress.texts)
        } catch {
            progress.writer?.discard()
            throw error
        }
    }

    /// python-copr's upload: the stored file and the build's fields from the `json` part.
    static func receive(_ request: Request, into uploads: UploadDirectory, maximumSize: Int) async throws -> (upload: String, fields: JSONValue) {
        let received = try await receive(request, .pythonCopr, into: uploads, maximumSize: maximumSize)
        guard let upload = received.upload else { throw malformed("it has no part \"pkgs\" with the file") }
        guard let json = received.texts["json"], json.count == 1, let fields = try? JSONValue.decode(Data(json[0].utf8)) else {
            try? uploads.remove(upload)
            throw malformed("it has no part \"json\" with the build's fields in JSON")
        }
        return (upload, fields)
    }

    /// The fields of a small write that python-copr sends as `multipart/form-data` with one
    /// part `json` (its `FileRequest`: `project-chroot/edit` of copr-cli `edit-chroot`), or
    /// as a plain JSON body. A file part `upload_comps` (copr-cli `--upload-comps`) is
    /// refused with 400 naming the option before a byte of it is stored.
    static func fields(of request: Request, uploads: UploadDirectory) async throws -> JSONValue {
        guard (request.headers[.contentType] ?? "").lowercased().hasPrefix("multipart/form-data") else {
            return try await UserAPI.body(of: request)
        }
        let parts = Parts(file: "upload_comps", texts: ["json"]) { _ in
            throw UserAPIError(.badRequest, "Bad request parameters: --upload-comps (upload_comps) is not supported by this frontend; leave it out")
        }
        let received = try await receive(request, parts, into: uploads, maximumSize: 0)
        guard let json = received.texts["json"], json.count == 1 else { throw malformed("it has no part \"json\"") }
        guard let fields = try? JSONValue.decode(Data(json[0].utf8)) else { throw InvalidField(field: "json", reason: "it is not valid JSON") }
        return fields
    }

    /// Consumes what it can of `pending`; true when it should be called again.
    private static func step(
        _ progress: inout Progress, _ pending: inout [UInt8], delimiter: [UInt8], parts: Parts, maximumSize: Int, uploads: UploadDirectory
    ) throws -> Bool {
        switch progress.state {
        case .done:
            // Clients end with a line end; a body that goes on is not a client's.
            guard pending.count <= 1024 else { throw malformed("it goes on after its closing boundary") }
            return false
        case .headers:
            guard let end = find(Array("\r\n\r\n".utf8), in: pending) else {
                guard pending.count <= maximumHeaderSize else { throw malformed("a part's headers are longer than \(maximumHeaderSize) bytes") }
                return false
            }
            let headers = String(decoding: pending[..<end], as: UTF8.self)
            pending.removeFirst(end + 4)
            try part(headers, &progress, parts: parts, maximumSize: maximumSize, uploads: uploads)
            return true
        case .preamble, .file, .noFile, .text:
            guard let start = find(delimiter, in: pending) else {
                let safe = max(0, pending.count - delimiter.count - 1)
                try consume(pending[..<safe], &progress)
                pending.removeFirst(safe)
                return false
            }
            guard pending.count >= start + delimiter.count + 2 else {
                try consume(pending[..<start], &progress)
                pending.removeFirst(start)
                return false
            }
            try consume(pending[..<start], &progress)
            let after = Array(pending[(start + delimiter.count)..<(start + delimiter.count + 2)])
            pending.removeFirst(start + delimiter.count + 2)
            switch after {
            case Array("--".utf8): progress.state = .done
            case Array("\r\n".utf8): progress.state = .headers
            default: throw malformed("a boundary is followed by neither a line end nor --")
            }
            return true
        }
    }

    /// Takes the content `bytes` of the part being read.
    private static func consume(_ bytes: ArraySlice<UInt8>, _ progress: inout Progress) throws {
        switch progress.state {
        case .file(let writer): try writer.write(bytes)
        case .noFile:
            guard bytes.isEmpty else { throw malformed("its file part without a filename has content") }
        case .text:
            try countText(bytes.count, &progress)
            progress.textParts[progress.textParts.count - 1].bytes.append(contentsOf: bytes)
        case .preamble, .headers, .done: break
        }
    }

    /// Counts `size` more bytes of text parts; 413 beyond the limit of a JSON body.
    private static func countText(_ size: Int, _ progress: inout Progress) throws {
        progress.textSize += size
        guard progress.textSize <= UserAPI.maximumJSONBodySize else {
            throw UserAPIError.tooLarge("fields besides the file", limit: UserAPI.maximumJSONBodySize)
        }
    }

    /// Starts the part with `headers`: the file or a text part.
    private static func part(_ headers: String, _ progress: inout Progress, parts: Parts, maximumSize: Int, uploads: UploadDirectory) throws {
        let disposition = headers.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-disposition:") }.map(String.init) ?? ""
        let name = parameter("name", of: disposition)
        if name == parts.file {
            guard !progress.sawFile else { throw malformed("it has more than one part \"\(parts.file)\"; upload one file a build") }
            progress.sawFile = true
            guard let fileName = parameter("filename", of: disposition) else { throw malformed("its part \"\(parts.file)\" has no filename") }
            try parts.beforeFile(progress.texts)
            guard !fileName.isEmpty else {
                progress.state = .noFile
                return
            }
            let file = try UploadWriter(in: uploads, fileName: try TaskRules.sourceFileName(fileName), maximumSize: maximumSize)
            progress.writer = file
            progress.state = .file(file)
        } else if let name, parts.texts.contains(name) {
            try countText(headers.utf8.count, &progress)
            progress.textParts.append((name, []))
            progress.state = .text
        } else {
            let known = ([parts.file] + parts.texts.sorted()).map(TaskRules.quoted).joined(separator: ", ")
            throw malformed("unknown part \(name.map(TaskRules.quoted) ?? "without a name"); the parts are \(known)")
        }
    }

    /// The parameter `name` of a Content-Disposition header (`name="pkgs"`): a quoted
    /// value may hold `;` (browsers send a file's name as it is, but for `"` and line ends).
    static func parameter(_ name: String, of disposition: String) -> String? {
        guard let type = disposition.firstIndex(of: ";") else { return nil }
        var rest = disposition[disposition.index(after: type)...]
        while !rest.isEmpty {
            let key = rest.prefix { $0 != "=" && $0 != ";" }
            rest = rest.dropFirst(key.count)
            var value: String?
            if rest.first == "=" {
                rest = rest.dropFirst()
                if rest.first == "\"" {
                    rest = rest.dropFirst()
                    guard let close = rest.firstIndex(of: "\"") else { return nil }
                    value = String(rest[..<close])
                    rest = rest[rest.index(after: close)...]
                } else {
                    let token = rest.prefix { $0 != ";" }
                    value = token.trimmingCharacters(in: .whitespaces)
                    rest = rest.dropFirst(token.count)
                }
            }
            if key.trimmingCharacters(in: .whitespaces).lowercased() == name, let value { return value }
            rest = rest.drop { $0 != ";" }.dropFirst()
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
