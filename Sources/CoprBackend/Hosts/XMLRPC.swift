import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The few XML-RPC values resalloc uses.
///
/// Written here because no maintained Swift XML-RPC library exists among our packages;
/// the protocol subset is small (scalars, base64, arrays, structs, faults).
public indirect enum XMLRPCValue: Sendable, Equatable {
    case int(Int)
    case bool(Bool)
    case string(String)
    case double(Double)
    case base64(Data)
    case array([XMLRPCValue])
    case structure([String: XMLRPCValue])
    case `nil`

    public var intValue: Int? { if case .int(let v) = self { return v }; return nil }
    public var stringValue: String? { if case .string(let v) = self { return v }; return nil }
    public var arrayValue: [XMLRPCValue]? { if case .array(let v) = self { return v }; return nil }
    public var boolValue: Bool? {
        switch self {
        case .bool(let v): return v
        case .int(let v): return v != 0
        default: return nil
        }
    }
    /// Text of a string or a base64 value (resalloc sends ticket output as base64).
    public var textValue: String? {
        switch self {
        case .string(let v): return v
        case .base64(let data): return String(decoding: data, as: UTF8.self)
        default: return nil
        }
    }
    public subscript(key: String) -> XMLRPCValue? {
        if case .structure(let members) = self { return members[key] }
        return nil
    }
}

/// A `<fault>` answer.
public struct XMLRPCFault: Error, CustomStringConvertible {
    public var code: Int
    public var message: String
    public var description: String { "XML-RPC fault \(code): \(message)" }
}

public enum XMLRPC {
    public static func methodCall(_ method: String, _ params: [XMLRPCValue]) -> String {
        var xml = "<?xml version=\"1.0\"?>\n<methodCall><methodName>\(escape(method))</methodName><params>"
        for param in params { xml += "<param>\(encode(param))</param>" }
        return xml + "</params></methodCall>\n"
    }

    public static func encode(_ value: XMLRPCValue) -> String {
        switch value {
        case .int(let v): return "<value><int>\(v)</int></value>"
        case .bool(let v): return "<value><boolean>\(v ? 1 : 0)</boolean></value>"
        case .string(let v): return "<value><string>\(escape(v))</string></value>"
        case .double(let v): return "<value><double>\(v)</double></value>"
        case .base64(let v): return "<value><base64>\(v.base64EncodedString())</base64></value>"
        case .nil: return "<value><nil/></value>"
        case .array(let items): return "<value><array><data>" + items.map(encode).joined() + "</data></array></value>"
        case .structure(let members):
            return "<value><struct>" + members.sorted { $0.key < $1.key }.map {
                "<member><name>\(escape($0.key))</name>\(encode($0.value))</member>"
            }.joined() + "</struct></value>"
        }
    }

    /// Parses a `methodResponse`: the single returned value, or throws the fault.
    public static func parseResponse(_ data: Data) throws -> XMLRPCValue {
        let root = try XMLTree.parse(data)
        guard root.name == "methodResponse" else { throw XMLRPCFault(code: -1, message: "not a methodResponse") }
        if let fault = root.child("fault")?.child("value") {
            let value = try decode(fault)
            throw XMLRPCFault(code: value["faultCode"]?.intValue ?? -1, message: value["faultString"]?.textValue ?? "unknown fault")
        }
        guard let value = root.child("params")?.child("param")?.child("value") else {
            throw XMLRPCFault(code: -1, message: "methodResponse without a value")
        }
        return try decode(value)
    }

    /// Parses a `methodCall` (used by test servers speaking the protocol).
    public static func parseCall(_ data: Data) throws -> (method: String, params: [XMLRPCValue]) {
        let root = try XMLTree.parse(data)
        guard root.name == "methodCall", let method = root.child("methodName")?.text else {
            throw XMLRPCFault(code: -32600, message: "not a methodCall")
        }
        let params = try (root.child("params")?.children(named: "param") ?? []).map { param -> XMLRPCValue in
            guard let value = param.child("value") else { throw XMLRPCFault(code: -32600, message: "param without value") }
            return try decode(value)
        }
        return (method.trimmingCharacters(in: .whitespacesAndNewlines), params)
    }

    public static func response(_ value: XMLRPCValue) -> String {
        "<?xml version=\"1.0\"?>\n<methodResponse><params><param>\(encode(value))</param></params></methodResponse>\n"
    }

    public static func faultResponse(code: Int, message: String) -> String {
        "<?xml version=\"1.0\"?>\n<methodResponse><fault>"
            + encode(.structure(["faultCode": .int(code), "faultString": .string(message)]))
            + "</fault></methodResponse>\n"
    }

    static func decode(_ value: XMLTree) throws -> XMLRPCValue {
        guard let typed = value.children.first else { return .string(value.text) }
        switch typed.name {
        case "int", "i4", "i8":
            guard let v = Int(typed.text.trimmingCharacters(in: .whitespaces)) else { throw XMLRPCFault(code: -1, message: "bad int") }
            return .int(v)
        case "boolean": return .bool(typed.text.trimmingCharacters(in: .whitespaces) == "1")
        case "string": return .string(typed.text)
        case "double": return .double(Double(typed.text.trimmingCharacters(in: .whitespaces)) ?? 0)
        case "nil": return .nil
        case "base64":
            guard let data = Data(base64Encoded: typed.text.filter { !$0.isWhitespace }) else {
                throw XMLRPCFault(code: -1, message: "bad base64")
            }
            return .base64(data)
        case "array":
            return .array(try (typed.child("data")?.children(named: "value") ?? []).map(decode))
        case "struct":
            var members: [String: XMLRPCValue] = [:]
            for member in typed.children(named: "member") {
                guard let name = member.child("name")?.text, let v = member.child("value") else { continue }
                members[name] = try decode(v)
            }
            return .structure(members)
        default:
            throw XMLRPCFault(code: -1, message: "unsupported XML-RPC type \(typed.name)")
        }
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}

/// A minimal element tree built with Foundation's XMLParser.
final class XMLTree {
    let name: String
    var children: [XMLTree] = []
    var text = ""

    init(name: String) { self.name = name }

    func child(_ name: String) -> XMLTree? { children.first { $0.name == name } }
    func children(named name: String) -> [XMLTree] { children.filter { $0.name == name } }

    static func parse(_ data: Data) throws -> XMLTree {
        let builder = Builder()
        let parser = XMLParser(data: data)
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else {
            throw XMLRPCFault(code: -32700, message: "malformed XML: \(parser.parserError.map { "\($0)" } ?? "empty document")")
        }
        return root
    }

    private final class Builder: NSObject, XMLParserDelegate {
        var root: XMLTree?
        var stack: [XMLTree] = []

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            let node = XMLTree(name: elementName)
            stack.last?.children.append(node)
            if root == nil { root = node }
            stack.append(node)
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            stack.removeLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            stack.last?.text += string
        }
    }
}
