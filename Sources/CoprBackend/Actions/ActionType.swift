/// Upstream's `ActionTypeEnum`: the number an action record's `action_type` carries.
public enum ActionType: Int, Sendable, CaseIterable {
    case delete = 0
    case rename = 1
    case legalFlag = 2
    case createrepo = 3
    case updateComps = 4
    case genGPGKey = 5
    case rawhideToRelease = 6
    case fork = 7
    case updateModuleMD = 8
    case buildModule = 9
    case cancelBuild = 10
    case removeDirs = 11

    /// Upstream's name of the type, for logs and metrics.
    public var name: String {
        switch self {
        case .delete: "delete"
        case .rename: "rename"
        case .legalFlag: "legal-flag"
        case .createrepo: "createrepo"
        case .updateComps: "update_comps"
        case .genGPGKey: "gen_gpg_key"
        case .rawhideToRelease: "rawhide_to_release"
        case .fork: "fork"
        case .updateModuleMD: "update_module_md"
        case .buildModule: "build_module"
        case .cancelBuild: "cancel_build"
        case .removeDirs: "remove_dirs"
        }
    }
}
