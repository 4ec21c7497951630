import CoprBackend
import Foundation

/// Reads and writes the XML-RPC documents used between the backend and resalloc: method
/// calls (server side) and responses, including faults.
///
/// Deliberately independent of the backend's own codec (`CoprBackend.XMLRPC`) and written
/// the way Python's `xmlrpc.server` writes (base64 wrapped in lines, pretty-printed
/// values), so the backend's client is tested against the real server's format, not
/// against itself.
public enum XMLRPCServerCodec {
    /// A malformed document.
    public struct FormatError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Parses `<methodCall>` into the method name and its parameters.
    public static func decodeCall(_ data: Data) throws -> (method: String, params: [XMLRPCValue]) {
        let root = try MiniXML.parse(String(decoding: data, as: UTF8.self))
        guard root.name == "methodCall", let name = root.child("methodName")?.text else {
            throw FormatError(description: "not an XML-RPC methodCall")
        }
        let params = try (root.child("params")?.children ?? []).map { param in
            guard let value = param.child("value") else { throw FormatError(description: "param without value") }
            return try decodeValue(value)
        }
        return (name.trimmingCharacters(in: .whitespacesAndNewlines), params)
    }

    /// Parses a `<methodResponse>`: the returned value, or a thrown ``Fault``.
    public static func decodeResponse(_ data: Data) throws -> XMLRPCValue {
        let root = try MiniXML.parse(String(decoding: data, as: UTF8.self))
        if let fault = root.child("fault")?.child("value") {
            let value = try decodeValue(fault)
            throw Fault(code: value["faultCode"]?.intValue ?? 0, message: value["faultString"]?.stringValue ?? "")
        }
        guard root.name == "methodResponse", let value = root.child("params")?.child("param")?.child("value") else {
            throw FormatError(description: "not an XML-RPC methodResponse")
        }
        return try decodeValue(value)
    }

    /// An XML-RPC fault, as thrown by ``decodeResponse(_:)``.
    public struct Fault: Error, Equatable {
        public let code: Int
        public let message: String
    }

    /// A `<methodResponse>` returning `value`.
    public static func encodeResponse(_ value: XMLRPCValue) -> Data {
        Data("<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n\(encode(value))\n</param>\n</params>\n</methodResponse>\n".utf8)
    }

    /// A `<methodResponse>` carrying a fault.
    public static func encodeFault(code: Int, message: String) -> Data {
        let fault = encode(.structure(["faultCode": .int(code), "faultString": .string(message)]))
        return Data("<?xml version='1.0'?>\n<methodResponse>\n<fault>\n\(fault)\n</fault>\n</methodResponse>\n".utf8)
    }

    /// One `<value>` element.
    static func encode(_ value: XMLRPCValue) -> String {
        let inner: String
        switch value {
        case .int(let v): inner = "<int>\(v)</int>"
        case .bool(let v): inner = "<boolean>\(v ? 1 : 0)</boolean>"
        case .string(let v): inner = "<string>\(escape(v))</string>"
        case .double(let v): inner = "<double>\(v)</double>"
        case .base64(let v): inner = "<base64>\n\(v.base64EncodedString())\n</base64>"
        case .array(let v): inner = "<array><data>\n" + v.map(encode).joined(separator: "\n") + "\n</data></array>"
        case .structure(let v):
            inner = "<struct>\n" + v.keys.sorted().map { key in
                "<member>\n<name>\(escape(key))</name>\n\(encode(v[key]!))\n</member>"
            }.joined(separator: "\n") + "\n</struct>"
        case .nil: inner = "<nil/>"
        }
        return "<value>\(inner)</value>"
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;")
            .replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    /// Decodes a `<value>` element; untyped content is a string.
    private static func decodeValue(_ element: MiniXML.Element) throws -> XMLRPCValue {
        guard let typed = element.children.first else { return .string(element.text) }
        let text = typed.text
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch typed.name {
        case "int", "i4", "i8":
            guard let v = Int(trimmed) else { throw FormatError(description: "bad int \(text)") }
            return .int(v)
        case "boolean": return .bool(trimmed == "1")
        case "string": return .string(text)
        case "double":
            guard let v = Double(trimmed) else { throw FormatError(description: "bad double \(text)") }
            return .double(v)
        case "base64":
            guard let v = Data(base64Encoded: trimmed, options: .ignoreUnknownCharacters) else {
                throw FormatError(description: "bad base64")
            }
            return .base64(v)
        case "array":
            return .array(try (typed.child("data")?.children ?? []).map(decodeValue))
        case "struct":
            var members: [String: XMLRPCValue] = [:]
            for member in typed.children {
                guard let name = member.child("name")?.text, let value = member.child("value") else {
                    throw FormatError(description: "bad struct member")
                }
                members[name] = try decodeValue(value)
            }
            return .structure(members)
        case "nil": return .nil
        default: throw FormatError(description: "unknown XML-RPC type \(typed.name)")
        }
    }
}
