#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// Waits, on a thread of its own, for the terminal to have something to say: bytes on
/// standard input, or a signal number on the pipe `TerminalSignals` writes to. It then
/// tells the runner once (`.input` or `.signal`) and, for input, waits until the runner has
/// read it (`inputRead`), so nothing is ever checked on a timer.
final class TerminalInput: Sendable {
    /// The pipe: signal handlers (and `stop`) write to `writeEnd`; the thread reads `readEnd`.
    let writeEnd: Int32
    private let readEnd: Int32
    private let drained = DispatchSemaphore(value: 0)
    private let stopped = Atomic<Bool>(false)

    init?() {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return nil }
        readEnd = fds[0]
        writeEnd = fds[1]
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        // A signal handler must never block on a full pipe.
        _ = fcntl(writeEnd, F_SETFL, fcntl(writeEnd, F_GETFL) | O_NONBLOCK)
    }

    /// Starts the thread; `notify` is called from it.
    func start(_ notify: @escaping @Sendable (TerminalEvent) -> Void) {
        let thread = Thread { [self] in loop(notify) }
        thread.name = "interleave-input"
        thread.start()
    }

    /// The runner has read the input it was told about: watch for more.
    func inputRead() { drained.signal() }

    /// Ends the thread. Both ends stay open (one pipe per dashboard, for the process's
    /// life): a signal handler that already loaded the write end may still write, and must
    /// neither write into a descriptor reused for something else nor raise SIGPIPE.
    func stop() {
        guard !stopped.exchange(true, ordering: .sequentiallyConsistent) else { return }
        var byte: UInt8 = 0
        _ = write(writeEnd, &byte, 1)
        drained.signal()
    }

    private func loop(_ notify: @Sendable (TerminalEvent) -> Void) {
        var fds = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)]
        while !stopped.load(ordering: .sequentiallyConsistent) {
            guard poll(&fds, nfds_t(fds.count), -1) > 0 else {
                if errno == EINTR { continue }
                break
            }
            var pending = false
            if fds[1].revents != 0 {
                var bytes = [UInt8](repeating: 0, count: 64)
                let count = read(readEnd, &bytes, bytes.count)
                for byte in bytes.prefix(max(0, count)) {
                    switch Int32(byte) {
                    case 0: break
                    case SIGWINCH: pending = true
                    default: notify(.signal(Int32(byte)))
                    }
                }
            }
            if fds[0].revents != 0 {
                pending = true
                // A closed terminal reads as always ready: stop watching it (SIGHUP follows).
                if fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { fds[0].fd = -1 }
            }
            if pending, !stopped.load(ordering: .sequentiallyConsistent) {
                notify(.input)
                drained.wait()
            }
        }
    }
}
