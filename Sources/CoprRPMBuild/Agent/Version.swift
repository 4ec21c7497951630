/// The copr-rpmbuild version this agent implements (the contract level the backend checks).
public enum CoprRPMBuildVersion {
    public static let current = "1.6.1"
}
