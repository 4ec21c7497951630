#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How a process group is stopped: each signal in turn, `step` apart, for as long as any
/// process of the group lives.
///
/// A program that handles SIGINT or SIGTERM (mock, rpmbuild's scriptlets, `ssh`) gets the
/// chance to clean up; one that ignores them still ends, with SIGKILL last. The whole group
/// is signalled, so that what the program started (compilers, an `ssh` helper, `gpg`) ends
/// with it.
public struct SignalEscalation: Sendable, Equatable {
    /// Sent in order; the last should be SIGKILL, which nothing can ignore.
    public var signals: [Int32]
    /// How long the group gets after each signal before the next one.
    public var step: Duration

    public init(signals: [Int32], step: Duration) {
        self.signals = signals
        self.step = step
    }

    /// SIGTERM, then SIGKILL after `grace`: the backend's way with its helpers.
    public static func terminate(grace: Duration) -> SignalEscalation {
        SignalEscalation(signals: [SIGTERM, SIGKILL], step: grace)
    }

    /// SIGINT, SIGTERM, SIGKILL, `step` apart: upstream copr-rpmbuild's way with a build
    /// that outlived its timeout (mock cleans its chroot up on SIGINT).
    public static func interrupt(step: Duration) -> SignalEscalation {
        SignalEscalation(signals: [SIGINT, SIGTERM, SIGKILL], step: step)
    }

    /// The short name the logs use: "INT", "TERM", "KILL" (else "signal <n>").
    public static func name(of signal: Int32) -> String {
        switch signal {
        case SIGINT: "INT"
        case SIGTERM: "TERM"
        case SIGKILL: "KILL"
        case SIGHUP: "HUP"
        case SIGQUIT: "QUIT"
        default: "signal \(signal)"
        }
    }
}
