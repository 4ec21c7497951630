import Hummingbird

/// One part of the embedded frontend's HTTP surface (the backend API, the user API, the
/// results tree): it adds its routes to the server's router.
public protocol FrontendRoutes: Sendable {
    func register(on router: Router<FrontendRequestContext>)
}
