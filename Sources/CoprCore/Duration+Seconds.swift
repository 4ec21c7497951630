extension Duration {
    /// The duration in (fractional) seconds, for messages and arithmetic.
    public var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// A duration from fractional seconds, as configuration files give them.
    public static func seconds(fractional value: Double) -> Duration {
        .nanoseconds(Int64((value * 1e9).rounded()))
    }
}
