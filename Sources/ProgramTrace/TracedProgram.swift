#if canImport(Glibc)
import Glibc
#endif
import AgentWire
import CLinuxShims
import Foundation
import Synchronization
import TaskTrace

/// A program started with the agent loaded into it. Its trace arrives on `events` as the
/// program runs, over a stream socket the agent writes (a socket, not a pipe: the agent
/// sends with MSG_NOSIGNAL, so a vanished reader can never kill the program with SIGPIPE).
/// Only this program is traced: the agent takes itself out of the environment its
/// children inherit, and its socket is closed on their exec.
public final class TracedProgram: Sendable {
    public let pid: pid_t
    /// Batches of task events, ending when the program has exited and its trace is read.
    public let events: AsyncStream<[TaskEvent]>
    private let continuation: AsyncStream<[TaskEvent]>.Continuation
    private let state = PosixMutex(State())
    /// CLOCK_MONOTONIC when the agent's time 0 was, from its hello (0 until then).
    private let agentStart = Atomic<UInt64>(0)
    private let openReaders = Atomic<Int>(0)

    private struct State {
        var notices: [String] = []
        var ignored = 0
        var end: ProgramEnd?
        var peakMemoryKiB: Int?
        var cpuSeconds: Double?
        var exitWaiters: [CheckedContinuation<Int32, Never>] = []
        var interrupts = 0
        var leftover = 0
        var streamError: String?
        /// The program's lines not yet sent, with when each was read (CLOCK_MONOTONIC, ns:
        /// the trace's time 0 may not be known yet).
        var heldLines: [(read: UInt64, text: String)] = []
        /// How far the trace has got (its events, and the collector's clock while the
        /// program records nothing): no event still to come is stamped earlier.
        var traceReached: Int64 = 0
        /// The time of the last event sent: a line sent later is stamped no earlier.
        var lastSent: Int64 = 0
        /// The agent's stream has ended: the trace gets no further.
        var traceEnded = false
    }

    public struct LaunchError: Error, CustomStringConvertible { public let description: String }

    /// Where the program's output goes: the terminal as it is, or lines on `events`. Captured
    /// output comes through a pseudo-terminal, so the program line-buffers it as it would on
    /// a terminal and its lines arrive as they are printed (a pipe would hold them to exit).
    public enum Output: Sendable { case inherit, capture }

    /// With `discardTrace`, the agent's stream is read and thrown away: what the agent alone
    /// costs the program, for the benchmarks. With `dumpStream`, the agent's bytes are also
    /// written as they come to that file (the profile harness replays them).
    public init(path: String, arguments: [String], agent: String, output: Output, discardTrace: Bool = false,
                dumpStream: String? = nil) throws(LaunchError) {
        var dump: Int32 = -1
        if let dumpStream {
            dump = open(dumpStream, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard dump >= 0 else {
                throw LaunchError(description: "cannot write \(dumpStream): \(String(cString: strerror(errno)))")
            }
        }
        var fds: [Int32] = [0, 0]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds) == 0 else {
            if dump >= 0 { close(dump) }
            throw LaunchError(description: "cannot make the agent's socket: \(String(cString: strerror(errno)))")
        }
        let (ours, theirs) = (fds[0], fds[1])
        var terminal: Int32 = -1
        var terminalPath = ""
        if output == .capture {
            var name = [CChar](repeating: 0, count: 256)
            terminal = interleave_open_pseudo_terminal(&name, UInt(name.count))
            guard terminal >= 0 else {
                if dump >= 0 { close(dump) }
                throw LaunchError(description: "cannot make a pseudo-terminal for the program's output: \(String(cString: strerror(errno)))")
            }
            terminalPath = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // dup2 onto itself clears close-on-exec: the child keeps its end, and only it.
        posix_spawn_file_actions_adddup2(&actions, theirs, theirs)
        if output == .capture {
            posix_spawn_file_actions_addopen(&actions, 1, terminalPath, O_RDWR | O_NOCTTY, 0)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        var environment = ProcessInfo.processInfo.environment
        environment[IL_ENV_SOCKET_FD] = String(theirs)
        environment[IL_ENV_PRELOAD] = [agent, environment[IL_ENV_PRELOAD]].compactMap { $0 }.joined(separator: ":")
        let argv = [path] + arguments
        let envp = environment.map { "\($0.key)=\($0.value)" }
        var child: pid_t = 0
        let status = withCStrings(argv) { argvPointers in
            withCStrings(envp) { envPointers in
                posix_spawn(&child, path, &actions, nil, argvPointers, envPointers)
            }
        }
        close(theirs)
        guard status == 0 else {
            close(ours)
            if terminal >= 0 { close(terminal) }
            if dump >= 0 { close(dump) }
            throw LaunchError(description: "\(path): cannot start: \(String(cString: strerror(status)))")
        }
        pid = child
        (events, continuation) = AsyncStream.makeStream(of: [TaskEvent].self, bufferingPolicy: .unbounded)
        openReaders.store(output == .capture ? 2 : 1, ordering: .relaxed)
        startAgentReader(ours, discard: discardTrace, dump: dump)
        if output == .capture { startOutputReader(terminal) }
    }

    /// Lines the agent sent about what it cannot trace here.
    public var notices: [String] { state.withLock { $0.notices } }

    /// A damaged stream, or a trace cut short, in one line; nil when the stream was sound.
    public var streamProblem: String? {
        state.withLock { s in
            s.streamError ?? (s.leftover > 0 ? "the trace ended inside a record (the program was killed?)" : nil)
        }
    }

    /// Waits for the program to end; its exit status as a shell reports it (128+N after signal N).
    public func waitForExit() async -> Int32 {
        await withCheckedContinuation { (done: CheckedContinuation<Int32, Never>) in
            let known = state.withLock { s -> Int32? in
                if s.end == nil { s.exitWaiters.append(done) }
                return s.end?.status
            }
            if let known { done.resume(returning: known) }
        }
    }

    /// Reaps the program (after its trace has ended: the agent's socket closes at exit).
    private func reap() -> ProgramEnd {
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0, errno == EINTR {}
        let end = ProgramEnd(waitStatus: status)
        let code = end.status
        let waiters = state.withLock { s in
            s.end = end
            s.peakMemoryKiB = usage.ru_maxrss
            s.cpuSeconds = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
                + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
            defer { s.exitWaiters = [] }
            return s.exitWaiters
        }
        for waiter in waiters { waiter.resume(returning: code) }
        return end
    }

    /// The program's peak resident memory (its own, not interleave's), once it has ended.
    public var peakMemoryKiB: Int? { state.withLock { $0.peakMemoryKiB } }

    /// The CPU time the program used (its threads and the agent's), once it has ended.
    public var cpuSeconds: Double? { state.withLock { $0.cpuSeconds } }

    /// The exit status once the program has ended.
    public var exitStatus: Int32? { state.withLock { $0.end?.status } }

    /// How the program ended, once it has.
    public var end: ProgramEnd? { state.withLock { $0.end } }

    /// How far the trace has got while the program runs (the agent's clock moves it on while
    /// every task waits); nil once the program has ended.
    public var runningTime: Int64? { state.withLock { $0.end == nil ? $0.traceReached : nil } }

    /// Sends `signal` to the program.
    public func send(_ signal: Int32) { kill(pid, signal) }

    /// Ctrl-C while the program runs: the first goes to the program as SIGINT, the next
    /// ends it (SIGKILL). Returns a line saying which, or nil once the program has ended.
    public func interrupt() -> String? {
        guard exitStatus == nil else { return nil }
        let count = state.withLock { s -> Int in s.interrupts += 1; return s.interrupts }
        if count == 1 {
            send(SIGINT)
            return "sent SIGINT to the program; Ctrl-C again ends it"
        }
        send(SIGKILL)
        return "ended the program (SIGKILL)"
    }

    // MARK: Readers

    private func startAgentReader(_ fd: Int32, discard: Bool, dump: Int32) {
        Thread.detachNewThread { [self] in
            var parser = AgentStreamParser()
            var translator = AgentTranslator()
            // The agent's collector writes a round every few ms; the socket is read until it is
            // drained, so that a round becomes one batch: one hand-over to the fold and one
            // wake-up of its thread, not one per 64 KiB.
            var buffer = [UInt8](repeating: 0, count: 1 << 20)
            var threads = 0
            var streamEnded = false
            while !streamEnded {
                var n = 0
                while n < buffer.count {
                    // Blocks for the first bytes only; then takes what is there.
                    let got = buffer.withUnsafeMutableBytes {
                        recv(fd, $0.baseAddress! + n, $0.count - n, n == 0 ? 0 : Int32(MSG_DONTWAIT))
                    }
                    if got < 0, errno == EINTR { continue }
                    if got <= 0 {
                        // EAGAIN: drained for now; 0 or another error: the stream has ended.
                        if got == 0 || (errno != EAGAIN && errno != EWOULDBLOCK) { streamEnded = true }
                        break
                    }
                    n += got
                }
                if n == 0 { break }
                if dump >= 0 { writeAll(dump, buffer[0..<n]) }
                if discard { continue }
                do throws(AgentStreamParser.Corrupt) {
                    let batch = try parser.feed(buffer[0..<n])
                    if agentStart.load(ordering: .relaxed) == 0,
                       let hello = batch.records.first(where: { $0.is(IL_REC_HELLO) }) {
                        agentStart.store(hello.c, ordering: .relaxed)
                    }
                    var events = translator.translate(batch)
                    if translator.threadCount != threads {
                        threads = translator.threadCount
                        events.append(TaskEvent(time: events.last?.time ?? 0, task: 0, kind: .threads(count: threads)))
                    }
                    let notices = translator.notices
                    state.withLock { $0.notices = notices }
                    send(events, reached: translator.traceTime)
                } catch {
                    state.withLock { $0.streamError = error.description }
                    break
                }
            }
            state.withLock { $0.traceEnded = true }
            releaseLines()
            close(fd)
            if dump >= 0 { close(dump) }
            let end = reap()
            let ended = translator.programExited(end, at: Monotonic.nanos() &- agentStart.load(ordering: .relaxed))
            send(ended, reached: translator.traceTime)
            let (ignored, leftover) = (translator.ignored, parser.leftover)
            state.withLock { s in
                s.ignored = ignored
                s.leftover = leftover
            }
            readerEnded()
        }
    }

    /// The program's output, a line at a time, as `message` events (the log pane shows them).
    /// The terminal ends its lines with CR LF; once the program and its children have closed
    /// it, reading says EIO.
    private func startOutputReader(_ fd: Int32) {
        Thread.detachNewThread { [self] in
            var buffer = [UInt8](repeating: 0, count: 1 << 14)
            var partial: [UInt8] = []
            while true {
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n < 0, errno == EINTR { continue }
                if n <= 0 { break }
                let readAt = Monotonic.nanos()
                partial += buffer[0..<n]
                var lines: [String] = []
                while let newline = partial.firstIndex(of: 0x0A) {
                    let end = newline > 0 && partial[newline - 1] == 0x0D ? newline - 1 : newline
                    lines.append(String(decoding: partial[..<end], as: UTF8.self))
                    partial.removeSubrange(...newline)
                }
                if partial.count > 4096 {
                    lines.append(String(decoding: partial, as: UTF8.self))
                    partial.removeAll()
                }
                if !lines.isEmpty { hold(lines, read: readAt) }
            }
            if !partial.isEmpty { hold([String(decoding: partial, as: UTF8.self)], read: Monotonic.nanos()) }
            close(fd)
            readerEnded()
        }
    }

    /// Lines the program printed (read from its terminal at `read`), held until the trace
    /// gets there: the trace arrives up to a collector round behind (its clock says how far
    /// it is while the program records nothing), and a line must not come before events
    /// that happened earlier. The reader never waits: the program's output is never slowed.
    private func hold(_ lines: [String], read: UInt64) {
        state.withLock { s in s.heldLines += lines.map { (read, $0) } }
        releaseLines()
    }

    /// Sends the trace's `events`, then the held lines it has now reached (`reached`: the
    /// translator's time). One lock for both, so that every event and line goes out in time
    /// order whichever reader sends.
    private func send(_ events: [TaskEvent], reached: Int64) {
        state.withLock { s in
            if let last = events.last {
                continuation.yield(events)
                s.lastSent = max(s.lastSent, last.time)
            }
            s.traceReached = reached
            releaseLines(&s)
        }
    }

    private func releaseLines() { state.withLock { releaseLines(&$0) } }

    /// Sends the held lines the trace has reached, stamped with the time they were printed
    /// (or the last event's, if the trace ran ahead of the output). A line held past
    /// `lineHoldLimit` (a viewer behind, an agent gone quiet), or once the trace has ended,
    /// goes at once, stamped where the trace is.
    private func releaseLines(_ s: inout State) {
        guard !s.heldLines.isEmpty else { return }
        // Until the agent's hello says when time 0 was, nothing is reached.
        let start = agentStart.load(ordering: .relaxed)
        let reached = start > 0 ? start &+ UInt64(s.traceReached) : 0
        let overdue = Monotonic.nanos() &- Self.lineHoldLimit
        let ready = s.heldLines.prefix { [s] in s.traceEnded || $0.read <= reached || $0.read <= overdue }
        guard !ready.isEmpty else { return }
        var stamped: [TaskEvent] = []
        for line in ready {
            let printed = start > 0 && line.read > start ? Int64(line.read - start) : 0
            s.lastSent = max(s.lastSent, min(printed, s.traceReached))
            stamped.append(TaskEvent(time: s.lastSent, task: 0, kind: .message(line.text)))
        }
        continuation.yield(stamped)
        s.heldLines.removeFirst(ready.count)
    }

    /// How long a line may wait for the trace to reach it: a few of the collector's idle
    /// rounds, and short enough that the log pane still shows it at once to the eye.
    private static let lineHoldLimit: UInt64 = 100_000_000

    private func readerEnded() {
        if openReaders.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 { continuation.finish() }
    }
}

/// Writes all of `bytes` to `fd` (the stream dump; errors end it quietly).
private func writeAll(_ fd: Int32, _ bytes: ArraySlice<UInt8>) {
    bytes.withUnsafeBytes { raw in
        var offset = 0
        while offset < raw.count {
            let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
            if n < 0, errno == EINTR { continue }
            if n <= 0 { return }
            offset += n
        }
    }
}

/// Calls `body` with a NULL-terminated array of C strings.
private func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
    let pointers = strings.map { strdup($0) } + [nil]
    defer { for p in pointers { free(p) } }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
