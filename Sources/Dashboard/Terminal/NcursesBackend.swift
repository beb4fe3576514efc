#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CNcurses

/// The only code that talks to ncurses (with TerminalCapabilities). It owns the screen
/// from `start` to `stop`, decodes key presses, and copies a `ScreenBuffer` to the
/// terminal, writing only the rows and cells that changed since the previous frame.
/// ncurses is not thread-safe, so it lives on the main actor.
@MainActor
final class NcursesBackend: TerminalBackend {
    private(set) var capabilities = TerminalCapabilities(unicode: false, color: false)
    private var screen: OpaquePointer?
    private var previous: ScreenBuffer?
    private var attributeCache: [Style: Int32] = [:]
    private var started = false
    private var input: TerminalInput?

    enum StartError: Error, CustomStringConvertible {
        case cannotOpen(term: String)
        case noPipe
        var description: String {
            switch self {
            case let .cannotOpen(term): "cannot open the terminal (TERM=\(term)); try --headless"
            case .noPipe: "cannot create a pipe for the terminal's signals"
            }
        }
    }

    func start() throws {
        let unicode = TerminalCapabilities.setUpLocale()
        guard let input = TerminalInput() else { throw StartError.noPipe }
        self.input = input
        TerminalSignals.install(notifying: input.writeEnd)
        guard let screen = il_newterm() else {
            TerminalSignals.uninstall()
            input.stop()
            let term = getenv("TERM").map { String(cString: $0) } ?? "unset"
            throw StartError.cannotOpen(term: term)
        }
        self.screen = screen
        started = true
        TerminalSignals.watchResizes()
        raw()
        noecho()
        nonl()
        _ = il_keypad(1)
        _ = il_nodelay(1)
        set_escdelay(25)
        curs_set(0)
        var color = false
        if has_colors(), !TerminalCapabilities.noColorRequested, start_color() == il_ok() {
            use_default_colors()
            color = true
            for role in Style.Role.allCases {
                let (fg, bg) = NcursesBackend.colors(role)
                init_pair(Int16(role.rawValue) + 1, fg, bg)
            }
        }
        capabilities = TerminalCapabilities(unicode: unicode, color: color)
    }

    /// Gives the terminal back: leaves the alternate screen, restores modes. Safe to call twice.
    func stop() {
        guard started else { return }
        started = false
        input?.stop()
        curs_set(1)
        endwin()
        if let screen { delscreen(screen) }
        screen = nil
        TerminalSignals.uninstall()
    }

    var size: (width: Int, height: Int) { (Int(il_cols()), Int(il_lines())) }

    func watch(_ notify: @escaping @Sendable (TerminalEvent) -> Void) {
        input?.start(notify)
    }

    /// Keys pressed since the last call, and whether the terminal was resized.
    func readInput() -> (keys: [Key], resized: Bool) {
        defer { input?.inputRead() }
        var keys: [Key] = []
        var resized = false
        var code: UInt32 = 0
        for _ in 0..<256 {
            let result = il_get_wch(&code)
            if result == il_key_code_yes() {
                if Int32(code) == il_key_resize() { resized = true; continue }
                if let key = NcursesBackend.functionKey(Int32(code)) { keys.append(key) }
            } else if result == il_ok() {
                if let key = NcursesBackend.characterKey(code) { keys.append(key) }
            } else {
                break
            }
        }
        return (keys, resized)
    }

    /// Copies `buffer` to the terminal, changed rows only (everything after a resize).
    func draw(_ buffer: ScreenBuffer) {
        if previous?.width != buffer.width || previous?.height != buffer.height {
            previous = nil
            erase()
            _ = il_clearok(1)
        }
        var text: [wchar_t] = []
        text.reserveCapacity(buffer.width + 1)
        for y in 0..<buffer.height {
            var first = -1, last = -1
            for x in 0..<buffer.width where previous?[x, y] != buffer[x, y] {
                if first < 0 { first = x }
                last = x
            }
            guard first >= 0 else { continue }
            if buffer[first, y].isContinuation, first > 0 { first -= 1 }
            var x = first
            while x <= last {
                let style = buffer[x, y].style
                let runStart = x
                text.removeAll(keepingCapacity: true)
                while x <= last, buffer[x, y].style == style {
                    let cell = buffer[x, y]
                    if !cell.isContinuation { text.append(wchar_t(bitPattern: displayable(cell.scalar))) }
                    x += 1
                }
                // A wide character's right half may carry on past `last`.
                _ = il_attrset(attributes(style))
                text.append(0)
                _ = il_mvaddnwstr(Int32(y), Int32(runStart), text, Int32(text.count - 1))
            }
        }
        _ = il_attrset(0)
        refresh()
        previous = buffer
    }

    /// Forgets what is on screen, so the next draw repaints everything.
    func invalidate() { previous = nil }

    private func displayable(_ scalar: Unicode.Scalar) -> UInt32 {
        if scalar.value < 0x20 || scalar.value == 0x7F { return 0x3F }
        if !capabilities.unicode, scalar.value > 0x7E { return 0x3F }
        return scalar.value
    }

    private func attributes(_ style: Style) -> Int32 {
        if let known = attributeCache[style] { return known }
        var attrs: Int32 = 0
        let flags = style.terminalAttributes(color: capabilities.color)
        if capabilities.color { attrs |= il_color_pair(Int32(style.role.rawValue) + 1) }
        if flags.contains(.bold) { attrs |= il_a_bold() }
        if flags.contains(.reverse) { attrs |= il_a_reverse() }
        if flags.contains(.underline) { attrs |= il_a_underline() }
        if flags.contains(.dim) { attrs |= il_a_dim() }
        attributeCache[style] = attrs
        return attrs
    }

    /// Foreground and background (-1 is the terminal's own) for each role.
    static func colors(_ role: Style.Role) -> (Int16, Int16) {
        let fg: Int16 = switch role {
        case .normal, .label, .other, .dim, .pending, .compacted: -1
        case .running, .completed: Int16(COLOR_GREEN)
        case .brief: Int16(COLOR_GREEN)
        case .ready, .cancelled, .warning: Int16(COLOR_YELLOW)
        case .sleep: Int16(COLOR_BLUE)
        case .queue: Int16(COLOR_CYAN)
        case .semaphore: Int16(COLOR_MAGENTA)
        case .awaiting, .yield: Int16(COLOR_WHITE)
        case .failed: Int16(COLOR_RED)
        case .title, .accent: Int16(COLOR_CYAN)
        case .selected: Int16(COLOR_YELLOW)
        case .task0: Int16(COLOR_GREEN)
        case .task1: Int16(COLOR_CYAN)
        case .task2: Int16(COLOR_MAGENTA)
        case .task3: Int16(COLOR_YELLOW)
        case .task4: Int16(COLOR_BLUE)
        case .task5: Int16(COLOR_RED)
        }
        return (fg, -1)
    }

    static func characterKey(_ code: UInt32) -> Key? {
        switch code {
        case 3: return .control("c")
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .control(Character(Unicode.Scalar(code + 96)!))
        case 0..<32: return nil
        default:
            guard let scalar = Unicode.Scalar(code) else { return nil }
            return .char(Character(scalar))
        }
    }

    static func functionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_ENTER: return .enter
        case KEY_BTAB: return .backTab
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        default:
            for n in 1...12 where code == il_key_f(Int32(n)) { return .function(n) }
            return nil
        }
    }
}
