import Foundation
import SystemPackage

/// Records a session to a log file, off the hot path: events are encoded into a buffer by
/// whoever feeds the writer (usually a task draining the event bus), and written with
/// write(2) in large chunks, at least every `flushInterval`, so `kill -9` loses at most
/// that much.
///
/// It never crashes the workload. If the file cannot be created, `init` throws; if a write
/// fails later (disk full), recording stops, `error` says why in one line, and the
/// events that could not be written are counted in `eventsLost`.
///
/// ```swift
/// let writer = try SessionLogWriter(path: "session.jsonl", header: header)
/// let recording = writer.record(session.bus)      // subscribe before the workload starts
/// … run …
/// session.finish()                                // closes the bus: the recording ends
/// if let error = await recording.value { print(error) }
/// ```
public final class SessionLogWriter: Sendable {
    /// The path as given.
    public let file: String
    public let header: SessionHeader
    private let flushInterval: Duration
    private let state: PosixMutex<State>
    private let wakeUp = ConditionLock()

    struct State {
        var fd: Int32
        var buffer: [UInt8] = []
        var bufferedEvents: Int64 = 0
        var lastFlush: UInt64 = 0
        var error: SessionLogError?
        var closed = false
        var eventsWritten: Int64 = 0
        var eventsLost: Int64 = 0
        /// The newest event time written: the end record's time.
        var lastTime: Int64 = 0
    }

    /// A buffer this large is written at once, whatever the time.
    private static let flushBytes = 1 << 20

    /// Creates (or truncates) `path` and writes the header. Throws only when the file cannot
    /// be created; a failing first write shows up in `error`.
    public init(path: String, header: SessionHeader, flushInterval: Duration = .milliseconds(250)) throws(SessionLogError) {
        file = path
        self.header = header
        self.flushInterval = max(flushInterval, .milliseconds(1))
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            let code = errno
            let reason = code == ENOENT ? "cannot create: its folder does not exist" : "cannot create: \(SessionLogError.systemMessage(code))"
            throw SessionLogError(.cannotOpen, file: path, reason: reason)
        }
        var line = (try? header.jsonLine()) ?? []
        line.append(0x0A)
        state = PosixMutex(State(fd: fd, buffer: line))
        flush()
        startFlusher()
    }

    deinit {
        close()
    }

    /// Appends events; they reach the file within `flushInterval`. After an error or
    /// `close`, they are only counted as lost.
    public func write(_ events: some Collection<TaskEvent>) {
        guard !events.isEmpty else { return }
        state.withLock { s in
            guard s.error == nil, !s.closed else {
                s.eventsLost += Int64(events.count)
                return
            }
            // A batch is an array as a rule: its events are read in place.
            func encode(_ batch: UnsafeBufferPointer<TaskEvent>) {
                TaskEvent.appendJSONLines(batch, to: &s.buffer)
                for i in batch.indices where batch[i].time > s.lastTime { s.lastTime = batch[i].time }
            }
            if events.withContiguousStorageIfAvailable(encode) == nil {
                Array(events).withUnsafeBufferPointer(encode)
            }
            s.bufferedEvents += Int64(events.count)
            if s.buffer.count >= Self.flushBytes
                || SessionClock.monotonicNanos() &- s.lastFlush >= UInt64(flushInterval.nanoseconds) {
                Self.flushLocked(&s, file: file)
            }
        }
    }

    /// Writes every buffered event now.
    public func flush() {
        state.withLock { Self.flushLocked(&$0, file: file) }
    }

    /// Writes the end record (so readers know the log is complete), flushes and closes the
    /// file; later writes are counted as lost. Returns the error that stopped recording, if
    /// any. Safe to call more than once.
    @discardableResult
    public func close() -> SessionLogError? {
        let error = state.withLock { s -> SessionLogError? in
            guard !s.closed else { return s.error }
            TaskEvent(time: s.lastTime, task: 0, kind: .end).appendJSON(to: &s.buffer)
            s.buffer.append(0x0A)
            Self.flushLocked(&s, file: file)
            s.closed = true
            if Glibc.close(s.fd) != 0, s.error == nil {
                s.error = SessionLogError(.writeFailed, file: file, reason: "close failed: \(SessionLogError.systemMessage(errno))")
            }
            return s.error
        }
        wakeUp.lock()
        wakeUp.broadcast()
        wakeUp.unlock()
        return error
    }

    /// Writes every batch of `stream` until it ends (the bus closed), then closes the file.
    /// `written` is told the size of every batch once it is taken (written, or counted lost).
    /// Returns the error that stopped recording, if any.
    public func record(_ stream: AsyncStream<[TaskEvent]>, written: (@Sendable (Int) -> Void)? = nil) async -> SessionLogError? {
        for await batch in stream {
            write(batch)
            written?(batch.count)
        }
        return close()
    }

    /// Subscribes to `bus` now and records it on a task of its own until the bus closes
    /// (`TraceSession.finish()`); the task's value is the error that stopped it, if any.
    /// Call it before the workload starts so the log has every event. `written` as above:
    /// how a pacer learns how far the recording has got.
    public func record(_ bus: EventBus, written: (@Sendable (Int) -> Void)? = nil) -> Task<SessionLogError?, Never> {
        let stream = bus.subscribe(buffering: .unbounded)
        return Task.detached { [self] in await record(stream, written: written) }
    }

    /// Why recording stopped, if it did: one line naming the file.
    public var error: SessionLogError? { state.withLock { $0.error } }
    /// Events written to the file (flushed) so far.
    public var eventsWritten: Int64 { state.withLock { $0.eventsWritten } }
    /// Events that could not be written because of `error`, or that came after `close`.
    public var eventsLost: Int64 { state.withLock { $0.eventsLost } }

    private static func flushLocked(_ s: inout State, file: String) {
        s.lastFlush = SessionClock.monotonicNanos()
        guard !s.buffer.isEmpty, s.error == nil, !s.closed else { return }
        do {
            try FileDescriptor(rawValue: s.fd).writeAll(s.buffer)
            s.eventsWritten += s.bufferedEvents
        } catch {
            let reason = SessionLogError.systemMessage((error as? Errno)?.rawValue ?? EIO)
            s.error = SessionLogError(.writeFailed, file: file, reason: "write failed: \(reason) (recording stopped)")
            s.eventsLost += s.bufferedEvents
        }
        s.bufferedEvents = 0
        s.buffer.removeAll(keepingCapacity: s.buffer.capacity <= 4 * flushBytes)
    }

    /// A thread that flushes every `flushInterval` even when no events arrive, and ends
    /// once the writer is closed or gone.
    private func startFlusher() {
        let wakeUp = self.wakeUp
        let interval = UInt64(flushInterval.nanoseconds)
        let thread = Thread { [weak self] in
            while true {
                wakeUp.lock()
                wakeUp.wait(untilMonotonic: SessionClock.monotonicNanos() + interval)
                wakeUp.unlock()
                guard let self else { return }
                let done = self.state.withLock { s in
                    if !s.closed { Self.flushLocked(&s, file: self.file) }
                    return s.closed || s.error != nil
                }
                if done { return }
            }
        }
        thread.name = "interleave-log-flush"
        thread.start()
    }
}
