import CoprCore
import Foundation

/// The name this frontend gives an upload: `<UUID>/<file name>`, the UUID in the lower
/// case the frontend writes, the file name one that ``TaskRules/sourceFileName(_:field:)``
/// accepts. Only names of this shape are ever resolved below the upload directory.
enum UploadName {
    @discardableResult
    static func check(_ value: String, field: String = "upload") throws(InvalidField) -> String {
        let parts = value.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, UUID(uuidString: String(parts[0]))?.uuidString.lowercased() == String(parts[0]) else {
            throw InvalidField(field: field, reason: "expected <UUID>/<file name>, found \(TaskRules.quoted(value))")
        }
        try TaskRules.sourceFileName(String(parts[1]), field: field)
        return value
    }
}
