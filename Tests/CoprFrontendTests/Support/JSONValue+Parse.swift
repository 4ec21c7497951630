import CoprCore
import Foundation

extension JSONValue {
    /// Parses JSON text (a record's `source_json`, say).
    static func parse(_ text: String) throws -> JSONValue {
        try decode(Data(text.utf8))
    }
}
