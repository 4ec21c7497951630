/// The size of the browser's window as a page sees it (CSS pixels), set through
/// `Emulation.setDeviceMetricsOverride`; screenshots are `width × scale` pixels wide.
public struct BrowserViewport: Sendable, Equatable {
    public var width: Int
    public var height: Int
    /// Device pixels per CSS pixel.
    public var scale: Double
    /// Whether the page is told it runs on a phone (meta viewport honoured, touch).
    public var mobile: Bool

    public init(width: Int, height: Int, scale: Double = 1, mobile: Bool = false) {
        self.width = width
        self.height = height
        self.scale = scale
        self.mobile = mobile
    }

    /// A laptop's window.
    public static let desktop = BrowserViewport(width: 1280, height: 800)
    /// A current phone held upright.
    public static let phone = BrowserViewport(width: 390, height: 844, scale: 2, mobile: true)
    /// A small phone held upright, the narrowest window the pages are checked in.
    public static let smallPhone = BrowserViewport(width: 375, height: 667, scale: 2, mobile: true)
}
