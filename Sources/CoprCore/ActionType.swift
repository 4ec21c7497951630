/// Copr's action types (upstream's `ActionTypeEnum`), with the numbers the frontend stores
/// and the backend reads (`action_type`), and the default priority of each (the higher,
/// the later it is taken): one definition for the embedded frontend that queues actions
/// and the backend that carries them out.
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

    /// The name upstream gives the type.
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

    /// The priority an action of this type gets when it names none.
    public var defaultPriority: Int {
        switch self {
        case .genGPGKey: -70
        case .cancelBuild: -10
        case .delete: 60
        case .rawhideToRelease: 70
        default: 0
        }
    }
}
