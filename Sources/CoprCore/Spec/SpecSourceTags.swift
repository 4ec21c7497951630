import Foundation

/// The `SourceN:` and `PatchN:` tags of a spec file, read line by line as rpm reads tags:
/// the tag name case-insensitive, the value after the colon trimmed. The builder reads them
/// from the spec rpm parsed (macros expanded) to fetch each URL; the embedded frontend
/// reads them from the spec a user uploads to refuse a local file before it is queued.
public enum SpecSourceTags {
    /// One value per `SourceN:`/`PatchN:` line with a value, in the order of the file.
    public static func values(in spec: String) -> [String] {
        spec.split(separator: "\n").compactMap { line -> String? in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard let colon = trimmed.firstIndex(of: ":") else { return nil }
            let tag = trimmed[..<colon].lowercased()
            let isSourceTag = (tag.hasPrefix("source") && tag.dropFirst(6).allSatisfy(\.isNumber))
                || (tag.hasPrefix("patch") && tag.dropFirst(5).allSatisfy(\.isNumber))
            guard isSourceTag else { return nil }
            let value = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            return value.isEmpty ? nil : value
        }
    }
}
