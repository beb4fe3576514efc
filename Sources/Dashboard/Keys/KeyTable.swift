/// What a key does. `update` acts on these; the key table says which keys produce them.
public enum Action: Hashable, Sendable {
    case quit, help, togglePause
    case nextKnob, previousKnob, increase, decrease
    case toggleLanes, zoomIn, zoomOut, panBack, panForward
    case up, down, pageUp, pageDown, home, end, jumpToAction
    case openDetail, back
    case filter, toggleFold
    case restart, picker, scenarioNumber, record, stepSlice
    case taskTree, warnings
    // Replay only.
    case playPause, slower, faster, stepEvent, seekBack, seekForward, seekStart, seekEnd
}

/// Which dashboards a key row belongs to: a live run, a replayed log, or both.
public struct KeyModes: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public static let live = KeyModes(rawValue: 1)
    public static let replay = KeyModes(rawValue: 2)
    /// Watching a program traced by `interleave exec`: the view's keys, no workload to steer.
    public static let program = KeyModes(rawValue: 4)
    public static let both: KeyModes = [.live, .replay, .program]
}

/// One row of the key table: the keys, how to write them, and what they do.
public struct KeyBinding: Sendable {
    public var keys: [Key]
    /// The keys as the help overlay and footer print them.
    public var label: String
    public var action: Action
    public var help: String
    /// The footer's hint, keys first (`"z/Z zoom"`), or nil to leave the row to the help overlay.
    public var footer: String?
    /// Where the row applies; the footer and help show only the current mode's rows.
    public var modes: KeyModes
    /// Which footer hints give way first on a narrow screen: the highest numbers (`q` and
    /// `?` are 0 and never do).
    public var footerPriority: Int

    public init(keys: [Key], label: String, action: Action, help: String, footer: String?, modes: KeyModes = .both,
                footerPriority: Int = 5) {
        self.footerPriority = footerPriority
        self.keys = keys
        self.label = label
        self.action = action
        self.help = help
        self.footer = footer
        self.modes = modes
    }
}

/// The one key table (htop's Action.c, Bubble Tea's keyMap): the dispatcher, the footer
/// and the help overlay all read these rows, so they cannot disagree.
public enum KeyTable {
    public static let rows: [KeyBinding] = [
        KeyBinding(keys: [.char("q"), .function(10), .control("c")], label: "q F10 ^C", action: .quit,
                   help: "quit (the terminal is restored)", footer: "q quit", modes: [.live, .replay], footerPriority: 0),
        KeyBinding(keys: [.char("q"), .function(10), .control("c")], label: "q F10 ^C", action: .quit,
                   help: "quit; ends a running program: SIGTERM, SIGKILL after 1 s",
                   footer: "q quit (ends program)", modes: .program, footerPriority: 0),
        KeyBinding(keys: [.char("?"), .function(1)], label: "? F1", action: .help,
                   help: "this help", footer: "? help", footerPriority: 0),
        KeyBinding(keys: [.char(" ")], label: "Space", action: .togglePause,
                   help: "freeze / resume the world (no slice starts, time stops)", footer: "Space pause",
                   modes: .live, footerPriority: 1),
        KeyBinding(keys: [.char(" ")], label: "Space", action: .togglePause,
                   help: "pause / follow the view (the program runs on)", footer: "Space pause view (program runs on)",
                   modes: .program, footerPriority: 1),
        KeyBinding(keys: [.char(".")], label: ".", action: .stepSlice,
                   help: "one slice forward (freezes the world first)", footer: ". step", modes: .live, footerPriority: 2),
        KeyBinding(keys: [.char(" ")], label: "Space", action: .playPause,
                   help: "play / pause the replay", footer: "Space play", modes: .replay, footerPriority: 1),
        KeyBinding(keys: [.char("<"), .char("-"), .char("_")], label: "< - _", action: .slower,
                   help: "replay slower (down to 1/4x)", footer: nil, modes: .replay),
        KeyBinding(keys: [.char(">"), .char("+"), .char("=")], label: "> + =", action: .faster,
                   help: "replay faster (up to 16x)", footer: "</> speed", modes: .replay, footerPriority: 3),
        KeyBinding(keys: [.char(".")], label: ".", action: .stepEvent,
                   help: "one event forward (pauses the replay)", footer: ". step", modes: .replay, footerPriority: 2),
        KeyBinding(keys: [.left], label: "←", action: .seekBack,
                   help: "jump back a tenth of the log", footer: nil, modes: .replay),
        KeyBinding(keys: [.right], label: "→", action: .seekForward,
                   help: "jump forward a tenth of the log", footer: "←/→ seek", modes: .replay, footerPriority: 2),
        KeyBinding(keys: [.char("g")], label: "g", action: .seekStart,
                   help: "jump to the start of the log", footer: nil, modes: .replay),
        KeyBinding(keys: [.char("G")], label: "G", action: .seekEnd,
                   help: "jump to the end of the log", footer: "g/G start/end", modes: .replay, footerPriority: 4),
        KeyBinding(keys: [.tab, .right], label: "Tab →", action: .nextKnob,
                   help: "select the next knob", footer: "Tab knob", modes: .live, footerPriority: 2),
        KeyBinding(keys: [.backTab, .left], label: "S-Tab ←", action: .previousKnob,
                   help: "select the previous knob", footer: nil, modes: .live),
        KeyBinding(keys: [.char("+"), .char("=")], label: "+ =", action: .increase,
                   help: "raise the selected knob in the running workload", footer: nil, modes: .live),
        KeyBinding(keys: [.char("-"), .char("_")], label: "- _", action: .decrease,
                   help: "lower the selected knob", footer: "+/- change", modes: .live, footerPriority: 2),
        KeyBinding(keys: [.char("t")], label: "t", action: .toggleLanes,
                   help: "lanes by task / by executor thread", footer: "t tasks/threads", footerPriority: 3),
        KeyBinding(keys: [.char("z")], label: "z", action: .zoomIn, help: "zoom in (less time per column)", footer: nil),
        KeyBinding(keys: [.char("Z")], label: "Z", action: .zoomOut, help: "zoom out", footer: "z/Z zoom", footerPriority: 4),
        KeyBinding(keys: [.char("[")], label: "[", action: .panBack, help: "look back in time (pauses the view)", footer: nil),
        KeyBinding(keys: [.char("]")], label: "]", action: .panForward, help: "look forward in time", footer: nil),
        KeyBinding(keys: [.up, .char("k")], label: "↑ k", action: .up, help: "previous lane", footer: nil),
        KeyBinding(keys: [.down, .char("j")], label: "↓ j", action: .down, help: "next lane", footer: nil),
        KeyBinding(keys: [.char("b")], label: "b", action: .jumpToAction,
                   help: "jump to the busiest lane (running, else ready, else latest)",
                   footer: "b busiest", footerPriority: 3),
        KeyBinding(keys: [.pageUp], label: "PgUp", action: .pageUp, help: "a page of lanes up", footer: nil),
        KeyBinding(keys: [.pageDown], label: "PgDn", action: .pageDown, help: "a page of lanes down", footer: nil),
        KeyBinding(keys: [.home, .char("g")], label: "Home g", action: .home, help: "first lane", footer: nil, modes: [.live, .program]),
        KeyBinding(keys: [.end, .char("G")], label: "End G", action: .end, help: "last lane", footer: nil, modes: [.live, .program]),
        KeyBinding(keys: [.home], label: "Home", action: .home, help: "first lane", footer: nil, modes: .replay),
        KeyBinding(keys: [.end], label: "End", action: .end, help: "last lane", footer: nil, modes: .replay),
        KeyBinding(keys: [.enter], label: "Enter", action: .openDetail,
                   help: "details of the selected task or thread", footer: "Enter detail", footerPriority: 5),
        KeyBinding(keys: [.escape], label: "Esc", action: .back, help: "close a panel, clear the filter", footer: nil),
        KeyBinding(keys: [.char("/")], label: "/", action: .filter, help: "filter lanes by name", footer: "/ filter", footerPriority: 6),
        KeyBinding(keys: [.char("f")], label: "f", action: .toggleFold,
                   help: "fold away / keep lanes of finished tasks", footer: "f fold", footerPriority: 7),
        KeyBinding(keys: [.char("r")], label: "r", action: .restart, help: "restart the scenario", footer: "r restart", modes: .live, footerPriority: 3),
        KeyBinding(keys: [.char("s")], label: "s", action: .picker, help: "pick a scenario", footer: "s scenario", modes: .live, footerPriority: 3),
        KeyBinding(keys: (1...9).map { .char(Character(String($0))) }, label: "1…9", action: .scenarioNumber,
                   help: "switch to scenario N of the picker", footer: nil, modes: .live),
        KeyBinding(keys: [.char("R")], label: "R", action: .record, help: "start / stop recording the session to a log file", footer: "R rec", modes: .live, footerPriority: 3),
        KeyBinding(keys: [.char("T")], label: "T", action: .taskTree,
                   help: "task tree: who started whom (Enter selects the lane, ←/→ fold)", footer: nil),
        KeyBinding(keys: [.char("W")], label: "W", action: .warnings,
                   help: "warnings (Enter jumps to the task and the moment)", footer: nil),
    ]

    /// How the help overlay writes a key: each key of a row appears in its label.
    public static func name(of key: Key) -> String {
        switch key {
        case let .char(c): c == " " ? "Space" : String(c)
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .home: "Home"
        case .end: "End"
        case .enter: "Enter"
        case .escape: "Esc"
        case .tab: "Tab"
        case .backTab: "S-Tab"
        case .backspace: "Backspace"
        case .delete: "Delete"
        case let .function(n): "F\(n)"
        case let .control(c): "^\(c.uppercased())"
        }
    }

    /// Replay actions that steer playback, which following a growing log does not have.
    public static let playbackActions: Set<Action> = [.slower, .faster, .stepEvent, .seekBack, .seekForward, .seekStart, .seekEnd]

    /// The rows of one mode (`.live` or `.replay`), in table order.
    public static func rows(for mode: KeyModes) -> [KeyBinding] {
        rows.filter { $0.modes.contains(mode) }
    }

    private static let liveIndex = makeIndex(.live)
    private static let replayIndex = makeIndex(.replay)
    private static let programIndex = makeIndex(.program)

    private static func makeIndex(_ mode: KeyModes) -> [Key: Action] {
        var map: [Key: Action] = [:]
        for row in rows(for: mode) { for key in row.keys where map[key] == nil { map[key] = row.action } }
        return map
    }

    /// What `key` does in `mode`.
    public static func action(for key: Key, in mode: KeyModes) -> Action? {
        mode.contains(.replay) ? replayIndex[key] : mode.contains(.program) ? programIndex[key] : liveIndex[key]
    }
}
