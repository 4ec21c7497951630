import CoprCore
import Foundation
import Hummingbird

/// The fields of a small write that python-copr sends as `multipart/form-data` with one
/// part `json` (its `FileRequest`: `project-chroot/edit` of copr-cli `edit-chroot`), or
/// as a plain JSON body. The body is read up to the limit of a JSON body; a file part
/// (`upload_comps`, copr-cli `--upload-comps`) is refused with 400 naming the option.
enum MultipartFields {
    static func fields(of request: Request) async throws -> JSONValue {
        guard (request.headers[.contentType] ?? "").lowercased().hasPrefix("multipart/form-data") else {
            return try await UserAPI.body(of: request)
        }
        let delimiter = Array("--\(try MultipartUpload.boundary(request))".utf8)
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: UserAPI.maximumJSONBodySize)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw UserAPIError.tooLarge("request body", limit: UserAPI.maximumJSONBodySize)
        }
        let body = Array(buffer.readableBytesView)
        var json: JSONValue?
        for part in split(body, by: delimiter).dropFirst() {
            if part.starts(with: Array("--".utf8)) { return try found(json) }
            guard let end = range(of: Array("\r\n\r\n".utf8), in: part) else { throw MultipartUpload.malformed("a part has no end of its headers") }
            let headers = String(decoding: part[part.startIndex..<end.lowerBound], as: UTF8.self)
            let disposition = headers.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-disposition:") }.map(String.init) ?? ""
            var content = part[end.upperBound...]
            if content.suffix(2).elementsEqual(Array("\r\n".utf8)) { content = content.dropLast(2) }
            switch MultipartUpload.parameter("name", of: disposition) {
            case "json":
                guard let value = try? JSONValue.decode(Data(content)) else { throw InvalidField(field: "json", reason: "it is not valid JSON") }
                json = value
            case "upload_comps":
                throw UserAPIError(.badRequest, "Bad request parameters: --upload-comps (upload_comps) is not supported by this frontend; leave it out")
            case let other:
                throw MultipartUpload.malformed("unknown part \(other.map(TaskRules.quoted) ?? "without a name"); the part is \"json\"")
            }
        }
        throw MultipartUpload.malformed("it ends before its closing boundary")
    }

    private static func found(_ json: JSONValue?) throws -> JSONValue {
        guard let json else { throw MultipartUpload.malformed("it has no part \"json\"") }
        return json
    }

    /// `bytes` cut at each `delimiter`, without it.
    private static func split(_ bytes: [UInt8], by delimiter: [UInt8]) -> [ArraySlice<UInt8>] {
        var parts: [ArraySlice<UInt8>] = []
        var rest = bytes[...]
        while let match = range(of: delimiter, in: rest) {
            parts.append(rest[rest.startIndex..<match.lowerBound])
            rest = rest[match.upperBound...]
        }
        parts.append(rest)
        return parts
    }

    private static func range(of needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Range<Int>? {
        guard haystack.count >= needle.count else { return nil }
        var start = haystack.startIndex
        while start <= haystack.endIndex - needle.count {
            if haystack[start] == needle[0], haystack[start..<(start + needle.count)].elementsEqual(needle) {
                return start..<(start + needle.count)
            }
            start += 1
        }
        return nil
    }
}
