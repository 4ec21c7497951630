// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "copr-backend",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "CoprBackend", targets: ["CoprBackend"]),
        .library(name: "CoprFrontend", targets: ["CoprFrontend"]),
        .executable(name: "copr-backend", targets: ["copr-backend"]),
        .executable(name: "copr-rpmbuild", targets: ["copr-rpmbuild"]),
        .executable(name: "copr-backend-benchmark", targets: ["copr-backend-benchmark"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", exact: "2.0.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // What the backend, the embedded frontend and the builder agent share: the task
        // contract (task ids, records, reports, the results layout, the field rules), JSON
        // values, the one process layer (captured, streamed and detached children; output
        // read through SwiftNIO pipes and one pump), shell quoting, locks, address rules.
        .target(
            name: "CoprCore",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // What the daemon's and the embedded frontend's HTTP listeners share: Hummingbird
        // within listener limits (idle, header and body timeouts, a connection limit). Its
        // own module, so that the builder agent, which shares CoprCore, carries no server.
        .target(
            name: "CoprHTTPServer",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ]
        ),
        // The backend: configuration, task model, frontend client, hosts, SSH, the build
        // worker and local publishing. Every executable only wires these together.
        .target(
            name: "CoprBackend",
            dependencies: [
                "CoprCore",
                "CoprHTTPServer",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        // The embedded frontend: projects, builds and cancel requests in SQLite, served to
        // the backend (and copr-rpmbuild) over the Copr backend API, to users over the user
        // API, with the results tree, logs (compressed ones read with compress-nio) and
        // repo files; accounts whose API tokens (hashed with swift-crypto) hummingbird-auth
        // reads from each request; its web pages rendered with swift-mustache.
        .target(
            name: "CoprFrontend",
            dependencies: [
                "CoprCore",
                "CoprHTTPServer",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The embedded frontend's Copr backend API called in the daemon's process
        // (`InProcessFrontend`): the one module that sees both the backend's `FrontendAPI`
        // and the embedded frontend, so that neither depends on the other.
        .target(
            name: "CoprInProcessFrontend",
            dependencies: [
                "CoprBackend",
                "CoprCore",
                "CoprFrontend",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "copr-backend",
            dependencies: [
                "CoprBackend",
                "CoprCore",
                "CoprFrontend",
                "CoprInProcessFrontend",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        // Prints the performance figures of docs/PERFORMANCE.md (not a test).
        .executableTarget(
            name: "copr-backend-benchmark",
            dependencies: [
                "CoprBackend",
                "CoprCore",
                "CoprFrontend",
                "CoprInProcessFrontend",
                "CoprTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The builder side: the copr-rpmbuild contract (task intake, detached runs,
        // source and binary builds, log follow, cancel, readiness).
        .target(
            name: "CoprRPMBuild",
            dependencies: [
                "CoprCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .executableTarget(
            name: "copr-rpmbuild",
            dependencies: [
                "CoprRPMBuild",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        // Real components for tests: sshd test hosts, a scripted builder, and stand-ins
        // for the Copr frontend and the resalloc server that speak the real protocols.
        .target(
            name: "CoprTestSupport",
            dependencies: [
                "CoprBackend",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Tests/CoprTestSupport",
            resources: [.copy("Resources")]
        ),
        .testTarget(
            name: "CoprTestSupportTests",
            dependencies: ["CoprTestSupport"]
        ),
        .testTarget(
            name: "CoprBackendTests",
            dependencies: [
                "CoprBackend",
                "CoprFrontend",
                "CoprInProcessFrontend",
                "CoprHTTPServer",
                "CoprRPMBuild",
                "CoprTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ]
        ),
        // The shared pieces alone, without any other module: the task contract and the
        // process layer.
        .testTarget(
            name: "CoprCoreTests",
            dependencies: [
                "CoprCore",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        // The embedded frontend alone, without the backend: its routes answered in process
        // through Hummingbird's router test mode, its store, transitions and log reader.
        .testTarget(
            name: "CoprFrontendTests",
            dependencies: [
                "CoprCore",
                "CoprFrontend",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // The command line's own decisions (what watching a build prints, how a task is
        // described, listings, error texts), without a frontend or a process.
        .testTarget(
            name: "CoprCLITests",
            dependencies: [
                "copr-backend",
                "CoprCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "CoprRPMBuildTests",
            dependencies: [
                "CoprRPMBuild",
                "CoprTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
    ]
)
