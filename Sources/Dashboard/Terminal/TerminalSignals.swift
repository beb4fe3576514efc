#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Signals that must end the dashboard cleanly (Ctrl-C from outside raw mode, `kill`,
/// a closed terminal) and SIGWINCH only write their number to a pipe here, which
/// `TerminalInput` reads; the runner then stops (and calls `endwin`) or reads the resize.
/// Crashes restore the saved terminal modes directly, then let the old handler run.
///
/// Every handler is async-signal-safe: it reads a lock-free atomic and memory written
/// before the handler was installed, and calls only write(2), tcsetattr(3), sigaction(2)
/// and raise(3). No Swift collection is touched.
enum TerminalSignals {
    /// The pipe's write end (non-blocking), -1 while no handler should write.
    static let notifyFD = Atomic<Int32>(-1)
    static let stopSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP]
    static let crashSignals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE]
    private static let slots = 65

    /// Saved state the crash and resize handlers read. Written only by `install` and
    /// `uninstall`, while the handlers that read it are not installed: a handler only ever
    /// sees it complete.
    private struct Saved {
        var modes = termios()
        var haveModes = false
        /// The action each signal had before ours, by signal number, and whether one was saved.
        var previous: UnsafeMutablePointer<sigaction>
        var havePrevious: UnsafeMutablePointer<Bool>
    }
    nonisolated(unsafe) private static var saved = Saved(
        previous: .allocate(capacity: slots), havePrevious: {
            let flags = UnsafeMutablePointer<Bool>.allocate(capacity: slots)
            flags.initialize(repeating: false, count: slots)
            return flags
        }())

    /// Call before ncurses starts, so that it does not install its own handlers; the
    /// handlers write to `fd` from now on.
    static func install(notifying fd: Int32) {
        saved.haveModes = tcgetattr(STDIN_FILENO, &saved.modes) == 0
        notifyFD.store(fd, ordering: .sequentiallyConsistent)
        for sig in stopSignals { handle(sig) { sig in TerminalSignals.notify(sig) } }
        for sig in crashSignals { handle(sig) { sig in TerminalSignals.crashed(sig) } }
    }

    /// Call after ncurses started: ncurses keeps its SIGWINCH handler (it is how the next
    /// read returns KEY_RESIZE); ours wakes the reader first, then calls it.
    static func watchResizes() {
        handle(SIGWINCH) { sig in TerminalSignals.resized(sig) }
    }

    /// Puts every handler back as it was (after `endwin`).
    static func uninstall() {
        notifyFD.store(-1, ordering: .sequentiallyConsistent)
        for sig in [SIGWINCH] + crashSignals where saved.havePrevious[Int(sig)] {
            sigaction(sig, saved.previous + Int(sig), nil)
            saved.havePrevious[Int(sig)] = false
        }
        for sig in stopSignals {
            signal(sig, SIG_DFL)
            saved.havePrevious[Int(sig)] = false
        }
    }

    private static func handle(_ sig: Int32, _ handler: @convention(c) (Int32) -> Void) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = handler
        sigemptyset(&action.sa_mask)
        action.sa_flags = sig == SIGWINCH ? SA_RESTART : 0
        if sigaction(sig, &action, saved.previous + Int(sig)) == 0 { saved.havePrevious[Int(sig)] = true }
    }

    /// Writes the signal's number to the pipe (dropped if the pipe is full: one is enough).
    private static func notify(_ sig: Int32) {
        let savedErrno = errno
        let fd = notifyFD.load(ordering: .relaxed)
        if fd >= 0 {
            var byte = UInt8(truncatingIfNeeded: sig)
            _ = write(fd, &byte, 1)
        }
        errno = savedErrno
    }

    private static func resized(_ sig: Int32) {
        // ncurses' handler first: it sets the flag that makes its next read return
        // KEY_RESIZE, which must be set before the reader wakes and reads.
        if saved.havePrevious[Int(sig)], let previous = saved.previous[Int(sig)].__sigaction_handler.sa_handler,
           unsafeBitCast(previous, to: Int.self) > 1 {
            previous(sig)
        }
        notify(sig)
    }

    /// Leave the alternate screen, show the cursor, restore modes, then hand the signal to
    /// whoever handled it before (Swift's backtracer, or the default).
    private static func crashed(_ sig: Int32) {
        let reset: StaticString = "\u{1b}[0m\u{1b}[?25h\u{1b}[?1049l\r\n"
        _ = write(STDOUT_FILENO, reset.utf8Start, reset.utf8CodeUnitCount)
        if saved.haveModes { tcsetattr(STDIN_FILENO, TCSANOW, &saved.modes) }
        if saved.havePrevious[Int(sig)] {
            sigaction(sig, saved.previous + Int(sig), nil)
        } else {
            signal(sig, SIG_DFL)
        }
        raise(sig)
    }
}
