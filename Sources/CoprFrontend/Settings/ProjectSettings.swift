import CoprCore
import Foundation

/// What a project says about itself and gives every build besides its chroots (Copr's
/// project settings): texts for its users, the repositories its builds may install
/// from, those its users need at runtime, whether builds reach the network, and when
/// the project goes away by itself.
public struct ProjectSettings: Sendable, Equatable {
    /// A short description, Markdown.
    public var description = ""
    /// How to install and use the packages, Markdown.
    public var instructions = ""
    public var homepage: String?
    /// An e-mail address or a URL where users reach the maintainers.
    public var contact: String?
    /// Repositories every build of the project installs from: `copr://owner/project` or URLs.
    public var additionalRepos: [String] = []
    /// Repositories the project's packages need at runtime, added to its `.repo` files.
    public var runtimeDependencies: [String] = []
    /// Whether builds may use the network; a build may say otherwise.
    public var enableNet = false
    /// UNIX time after which the project is deleted by the expiry sweep; nil keeps it.
    public var deleteAfter: Double?

    public init() {}

    /// Copr's `delete_after_days`: whole days left until ``deleteAfter`` at `now`, 0 once
    /// passed; nil when the project does not expire.
    public func deleteAfterDays(now: Double) -> Int? {
        deleteAfter.map { max(0, Int(($0 - now) / 86_400)) }
    }

    /// The deadline `days` days from `now`, as Copr sets it: the midnight (UTC) that
    /// starts the day after the last one; -1 keeps the project.
    public static func deadline(days: Int, now: Double) -> Double? {
        guard days >= 0 else { return nil }
        let startOfToday = (now / 86_400).rounded(.down) * 86_400
        return startOfToday + Double(days + 1) * 86_400
    }
}

/// A change of ``ProjectSettings`` as a user asks for it: each field nil to keep it.
/// The one place their values are checked, for both user APIs.
public struct ProjectSettingsChanges: Sendable, Equatable {
    /// The days a project may live: Copr's bound.
    public static let maximumDeleteAfterDays = 60

    public var description: String?
    public var instructions: String?
    /// Empty clears it.
    public var homepage: String?
    /// Empty clears it.
    public var contact: String?
    public var additionalRepos: [String]?
    public var runtimeDependencies: [String]?
    public var enableNet: Bool?
    /// Days from now until the project is deleted; -1 keeps it for good.
    public var deleteAfterDays: Int?

    public init(
        description: String? = nil, instructions: String? = nil, homepage: String? = nil, contact: String? = nil,
        additionalRepos: [String]? = nil, runtimeDependencies: [String]? = nil, enableNet: Bool? = nil,
        deleteAfterDays: Int? = nil
    ) {
        self.description = description
        self.instructions = instructions
        self.homepage = homepage
        self.contact = contact
        self.additionalRepos = additionalRepos
        self.runtimeDependencies = runtimeDependencies
        self.enableNet = enableNet
        self.deleteAfterDays = deleteAfterDays
    }

    /// Whether it changes nothing.
    public var isEmpty: Bool { self == ProjectSettingsChanges() }

    /// The changes with every value checked by the task contract's rules.
    public func checked() throws(InvalidField) -> ProjectSettingsChanges {
        if let description { try TaskRules.text(description, field: "description") }
        if let instructions { try TaskRules.text(instructions, field: "instructions") }
        if let homepage, !homepage.isEmpty { try TaskRules.webURL(homepage, field: "homepage") }
        if let contact, !contact.isEmpty {
            try TaskRules.line(contact, field: "contact")
            guard contact.contains("@") || contact.hasPrefix("http://") || contact.hasPrefix("https://") else {
                throw InvalidField(field: "contact", reason: "expected an e-mail address or an http(s) URL, found \(TaskRules.quoted(contact))")
            }
        }
        if let additionalRepos { try TaskRules.repositoryURLs(additionalRepos, field: "additional_repos") }
        if let runtimeDependencies { try TaskRules.repositoryURLs(runtimeDependencies, field: "runtime_dependencies") }
        if let deleteAfterDays, !(-1...Self.maximumDeleteAfterDays).contains(deleteAfterDays) {
            throw InvalidField(
                field: "delete_after_days",
                reason: "expected days from 0 to \(Self.maximumDeleteAfterDays), or -1 to keep the project, found \(deleteAfterDays)")
        }
        return self
    }

    /// `settings` with these changes, a deadline counted from `now`.
    public func applied(to settings: ProjectSettings, now: Double) -> ProjectSettings {
        var result = settings
        if let description { result.description = description }
        if let instructions { result.instructions = instructions }
        if let homepage { result.homepage = homepage.isEmpty ? nil : homepage }
        if let contact { result.contact = contact.isEmpty ? nil : contact }
        if let additionalRepos { result.additionalRepos = additionalRepos }
        if let runtimeDependencies { result.runtimeDependencies = runtimeDependencies }
        if let enableNet { result.enableNet = enableNet }
        if let deleteAfterDays { result.deleteAfter = ProjectSettings.deadline(days: deleteAfterDays, now: now) }
        return result
    }
}
