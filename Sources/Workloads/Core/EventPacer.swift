import Foundation
import Synchronization
import TaskTrace

/// Keeps a virtual-time run from outrunning the readers of its events. In virtual time a
/// scenario records events as fast as the CPU allows, faster than a reader (the recorder
/// writing the log, the headless ledger fold) may take them, and the backlog on the bus
/// would grow without bound. The pacer holds virtual time while the slowest reader lags
/// more than `maxLag` events behind what the bus has recorded, until it is back to half
/// that. A reader that takes nothing for `patience` of real time is given up on until it
/// catches up by itself, so a dead reader cannot stall the run; a slow one that still
/// reads is waited for, however long it takes (else its backlog would grow without bound).
///
/// Readers report what they take with `Reader.took(_:)`; one without reports never lags.
public final class EventPacer: VirtualTimePacer, Sendable {
    public static let defaultMaxLag: Int64 = 50_000

    public let maxLag: Int64
    public let patience: Duration
    private let timing: Timing
    /// Events recorded so far (the bus's count), that readers will be handed.
    private let recorded: @Sendable () -> Int64
    private let state = PosixMutex(State())

    struct State {
        var readers: [Reader] = []
        var stopped = false
    }

    /// How a holding pacer tells time and waits between looks: real time, or a test's
    /// script (so its tests decide what happens during a hold instead of racing a thread).
    public struct Timing: Sendable {
        /// Time since any fixed origin.
        public var now: @Sendable () -> Duration
        /// Waits a moment before the next look.
        public var pause: @Sendable () -> Void

        public init(now: @escaping @Sendable () -> Duration, pause: @escaping @Sendable () -> Void) {
            self.now = now
            self.pause = pause
        }

        /// The monotonic clock, and a 200 µs sleep between looks.
        public static let real: Timing = {
            let origin = ContinuousClock.now
            return Timing(now: { ContinuousClock.now - origin }) {
                var pause = timespec(tv_sec: 0, tv_nsec: 200_000)
                nanosleep(&pause, nil)
            }
        }()
    }

    /// One reader of the bus's events: it says how many it has taken.
    public final class Reader: Sendable {
        fileprivate let taken: Atomic<Int64>
        /// Set when it lagged for longer than the pacer's patience; cleared once it catches up.
        fileprivate let givenUp = Atomic<Bool>(false)

        fileprivate init(startingAt recorded: Int64) {
            taken = Atomic(recorded)
        }

        /// Counts `count` more events taken (folded, written).
        public func took(_ count: Int) {
            taken.add(Int64(count), ordering: .relaxed)
        }
    }

    public convenience init(bus: EventBus, maxLag: Int64 = EventPacer.defaultMaxLag, patience: Duration = .seconds(1),
                            timing: Timing = .real) {
        self.init(recorded: { bus.recordedCount }, maxLag: maxLag, patience: patience, timing: timing)
    }

    /// - Parameter recorded: how many events the readers will have been handed once they
    ///   get what is recorded now.
    public init(recorded: @escaping @Sendable () -> Int64, maxLag: Int64 = EventPacer.defaultMaxLag,
                patience: Duration = .seconds(1), timing: Timing = .real) {
        self.recorded = recorded
        self.maxLag = max(1, maxLag)
        self.patience = patience
        self.timing = timing
    }

    /// A reader from now on: it lags by what is recorded after this call and not taken.
    /// Call it when the reader subscribes.
    public func addReader() -> Reader {
        let reader = Reader(startingAt: recorded())
        state.withLock { $0.readers.append(reader) }
        return reader
    }

    /// Forgets `reader` (it stopped reading): it no longer holds time.
    public func remove(_ reader: Reader) {
        state.withLock { $0.readers.removeAll { $0 === reader } }
    }

    /// Stops pacing for good: the run is ending and its readers with it.
    public func stop() {
        state.withLock { $0.stopped = true }
    }

    /// Whether a reader lags more than `limit` events, not counting those given up on (a
    /// reader given up on that is back within `maxLag` counts again). With `giveUp`, the
    /// ones that lag are given up on.
    private func anyReaderLags(beyond limit: Int64, giveUp: Bool = false) -> Bool {
        state.withLock { s in
            guard !s.stopped else { return false }
            let now = recorded()
            var lags = false
            for reader in s.readers {
                let lag = now - reader.taken.load(ordering: .relaxed)
                if reader.givenUp.load(ordering: .relaxed) {
                    if lag <= maxLag { reader.givenUp.store(false, ordering: .relaxed) }
                } else if lag > limit {
                    lags = true
                    if giveUp { reader.givenUp.store(true, ordering: .relaxed) }
                }
            }
            return lags
        }
    }

    public func mustHoldTime() -> Bool {
        anyReaderLags(beyond: maxLag)
    }

    /// Events taken by all readers together: it moves while any of them reads.
    private func takenByAll() -> Int64 {
        state.withLock { s in s.readers.reduce(0) { $0 + $1.taken.load(ordering: .relaxed) } }
    }

    /// Waits until every reader is within half of `maxLag`, or gives up on those still
    /// behind once no reader has taken anything for `patience`.
    public func holdTime() {
        var deadline = timing.now() + patience
        var taken = takenByAll()
        while anyReaderLags(beyond: maxLag / 2) {
            let now = timing.now()
            if case let latest = takenByAll(), latest != taken {
                taken = latest
                deadline = now + patience
            } else if now >= deadline {
                _ = anyReaderLags(beyond: maxLag / 2, giveUp: true)
                return
            }
            timing.pause()
        }
    }
}
