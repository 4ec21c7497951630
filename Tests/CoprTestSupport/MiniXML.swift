import CoprBackend
import Foundation

/// A very small XML reader, enough for XML-RPC documents: elements, text, entities,
/// CDATA; declarations and comments are skipped, attributes ignored.
enum MiniXML {
    /// An element with its child elements and its concatenated text.
    struct Element {
        var name: String
        var children: [Element] = []
        var text = ""

        /// The first child element called `name`.
        func child(_ name: String) -> Element? {
            children.first { $0.name == name }
        }
    }

    /// Parses a document and returns its root element.
    static func parse(_ document: String) throws -> Element {
        var stack: [Element] = []
        var root: Element?
        var rest = Substring(document)

        func add(_ element: Element) throws {
            if stack.isEmpty {
                guard root == nil else { throw XMLRPCServerCodec.FormatError(description: "several root elements") }
                root = element
            } else {
                stack[stack.count - 1].children.append(element)
            }
        }
        func skip(past terminator: String) throws -> Substring {
            guard let range = rest.range(of: terminator) else {
                throw XMLRPCServerCodec.FormatError(description: "unterminated markup, expected \(terminator)")
            }
            defer { rest = rest[range.upperBound...] }
            return rest[..<range.lowerBound]
        }

        while !rest.isEmpty {
            if rest.hasPrefix("<?") || rest.hasPrefix("<!--") || rest.hasPrefix("<!DOCTYPE") {
                _ = try skip(past: rest.hasPrefix("<!--") ? "-->" : ">")
            } else if rest.hasPrefix("<![CDATA[") {
                rest = rest.dropFirst(9)
                let data = try skip(past: "]]>")
                if !stack.isEmpty { stack[stack.count - 1].text += data }
            } else if rest.hasPrefix("</") {
                let name = try skip(past: ">").dropFirst(2).trimmingCharacters(in: .whitespaces)
                guard let element = stack.popLast(), element.name == name else {
                    throw XMLRPCServerCodec.FormatError(description: "unexpected </\(name)>")
                }
                try add(element)
            } else if rest.hasPrefix("<") {
                var tag = try skip(past: ">").dropFirst()
                let selfClosing = tag.hasSuffix("/")
                if selfClosing { tag = tag.dropLast() }
                let name = String(tag.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).first ?? "")
                if selfClosing { try add(Element(name: name)) } else { stack.append(Element(name: name)) }
            } else {
                let end = rest.firstIndex(of: "<") ?? rest.endIndex
                if !stack.isEmpty { stack[stack.count - 1].text += decodeEntities(rest[..<end]) }
                rest = rest[end...]
            }
        }
        guard stack.isEmpty, let root else { throw XMLRPCServerCodec.FormatError(description: "incomplete document") }
        return root
    }

    /// Replaces the predefined and numeric character references.
    private static func decodeEntities(_ text: Substring) -> String {
        guard text.contains("&") else { return String(text) }
        var result = ""
        var rest = text
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            guard let semicolon = rest[amp...].firstIndex(of: ";") else {
                return result + rest[amp...]
            }
            let entity = rest[rest.index(after: amp)..<semicolon]
            switch entity {
            case "lt": result += "<"
            case "gt": result += ">"
            case "amp": result += "&"
            case "quot": result += "\""
            case "apos": result += "'"
            default:
                let code = entity.hasPrefix("#x") ? UInt32(entity.dropFirst(2), radix: 16)
                    : entity.hasPrefix("#") ? UInt32(entity.dropFirst()) : nil
                result += code.flatMap(Unicode.Scalar.init).map { String(Character($0)) } ?? "&\(entity);"
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        return result + rest
    }
}
