#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Signals that must end the dashboard cleanly (Ctrl-C from outside raw mode, `kill`,
/// a closed terminal) only set a flag here; the draw loop sees it and calls `endwin`.
/// Crashes restore the saved terminal modes directly, then let the old handler run.
enum TerminalSignals {
    static let pending = Atomic<Int32>(0)

    /// Terminal modes before ncurses changed them; read by the crash handler.
    nonisolated(unsafe) private static var savedModes = termios()
    nonisolated(unsafe) private static var haveSavedModes = false
    nonisolated(unsafe) private static var previous: [Int32: sigaction] = [:]
    static let crashSignals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE]

    /// Call before ncurses starts, so that it does not install its own handlers.
    static func install() {
        haveSavedModes = tcgetattr(STDIN_FILENO, &savedModes) == 0
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            signal(sig) { sig in TerminalSignals.pending.store(sig, ordering: .relaxed) }
        }
        for sig in crashSignals {
            var action = sigaction()
            var old = sigaction()
            action.__sigaction_handler.sa_handler = { sig in TerminalSignals.crashed(sig) }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            if sigaction(sig, &action, &old) == 0 { previous[sig] = old }
        }
    }

    /// Puts every handler back as it was (after `endwin`).
    static func uninstall() {
        for sig in [SIGINT, SIGTERM, SIGHUP] { signal(sig, SIG_DFL) }
        for (sig, old) in previous {
            var old = old
            sigaction(sig, &old, nil)
        }
        previous = [:]
    }

    /// The signal that asked us to stop, if one came since the last call.
    static func take() -> Int32? {
        let sig = pending.exchange(0, ordering: .relaxed)
        return sig == 0 ? nil : sig
    }

    /// Async-signal-safe: leave the alternate screen, show the cursor, restore modes,
    /// then hand the signal to whoever handled it before (Swift's backtracer, or default).
    private static func crashed(_ sig: Int32) {
        let reset: StaticString = "\u{1b}[0m\u{1b}[?25h\u{1b}[?1049l\r\n"
        _ = write(STDOUT_FILENO, reset.utf8Start, reset.utf8CodeUnitCount)
        if haveSavedModes { tcsetattr(STDIN_FILENO, TCSANOW, &savedModes) }
        if var old = previous[sig] { sigaction(sig, &old, nil) } else { signal(sig, SIG_DFL) }
        raise(sig)
    }
}
