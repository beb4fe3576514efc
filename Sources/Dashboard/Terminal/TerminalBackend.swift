/// What the runner needs from a terminal: its size and capabilities, input when there is
/// some, and a place to draw frames. `NcursesBackend` is the real one; tests script keys
/// and resizes into a `TestBackend` and read back its frames, styles included.
@MainActor
protocol TerminalBackend: AnyObject {
    var capabilities: TerminalCapabilities { get }
    var size: (width: Int, height: Int) { get }
    /// Starts watching the terminal: `notify` is called (from any thread) when keys or a
    /// resize wait to be read with `readInput`, or a signal asks the dashboard to stop.
    func watch(_ notify: @escaping @Sendable (TerminalEvent) -> Void)
    /// Keys pressed since the last call, and whether the terminal was resized.
    func readInput() -> (keys: [Key], resized: Bool)
    /// Shows `buffer`.
    func draw(_ buffer: ScreenBuffer)
    /// Forgets what is on screen, so the next draw repaints everything.
    func invalidate()
}

/// What a backend tells the runner, unasked.
enum TerminalEvent: Sendable, Equatable {
    /// Keys or a resize wait to be read.
    case input
    /// A signal that ends the dashboard (SIGINT from outside raw mode, SIGTERM, SIGHUP).
    case signal(Int32)
}
