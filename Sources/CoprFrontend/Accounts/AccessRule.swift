/// Who may do what to a project, as Copr decides it, as a plain value: the requester (nil
/// when anonymous), the action, the project's owner (a user name, or `@group`) and what
/// the requester was granted on the project go in, a verdict comes out. No I/O: the
/// routes look up the grant and the requester's groups, then ask.
///
/// - Everyone, anonymous included, may read.
/// - Every other action needs an account (anonymous: refused as unauthenticated).
/// - A site admin may do anything.
/// - The owner acts as the owner; so does every member of the owning group (`@group`).
/// - The owner and project admins may edit and delete the project and manage its
///   permissions; builders, admins and the owner may submit, cancel and delete builds.
/// - A project may be created for oneself or for a group one is a member of.
/// - Anyone signed in may ask for a role on a project (an admin then approves it).
///
/// ```swift
/// let verdict = AccessRule.decide(.submitBuild, by: account, owner: "@team", permission: .none)
/// if case .refused(let refusal) = verdict { throw refusal }
/// ```
public enum AccessRule {
    /// The verdict on one request.
    public enum Verdict: Sendable, Equatable {
        case allowed
        case refused(AccessRefused)
    }

    /// Whether `account` may do `action` to a project of `owner`, on which it was granted
    /// `permission` (``ProjectPermission/none`` for a project being created).
    public static func decide(
        _ action: ProjectAction, by account: Account?, owner: String, project: String, permission: ProjectPermission
    ) -> Verdict {
        let granted: Bool
        switch action {
        case .read: return .allowed
        case .create: granted = false
        case .requestPermissions: granted = true
        case .edit, .delete, .managePermissions: granted = permission.admin
        case .submitBuild, .cancelBuild, .deleteBuild: granted = permission.admin || permission.builder
        }
        guard let account else { return .refused(.unauthenticated(action, project: "\(owner)/\(project)")) }
        if account.siteAdmin || actsAsOwner(account, owner: owner) || granted { return .allowed }
        return .refused(.forbidden(account.login, action, owner: owner, project: project))
    }

    /// Whether `account` may name `claimed` as a build's submitter: only itself, unless it
    /// is a site admin. Nil claims the account itself.
    public static func submitter(_ claimed: String?, by account: Account) -> Result<String, AccessRefused> {
        guard let claimed, claimed != account.login else { return .success(account.login) }
        guard account.siteAdmin else { return .failure(.otherSubmitter(account.login, claimed: claimed)) }
        return .success(claimed)
    }

    /// The user who owns the project, or a member of the group (`@name`) that owns it.
    static func actsAsOwner(_ account: Account, owner: String) -> Bool {
        guard owner.hasPrefix("@") else { return owner == account.login }
        return account.groups.contains(String(owner.dropFirst()))
    }
}
