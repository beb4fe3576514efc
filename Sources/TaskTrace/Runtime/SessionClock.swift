import Foundation
import Synchronization

/// The session's notion of "now" in scenario ticks. The executor owns advancing virtual
/// time; everyone else only reads it, so reads are a single atomic load.
///
/// Real time can be frozen (the dashboard's Space freezes the world): while frozen, `now`
/// stands still, and on thawing the session's origin moves on by the frozen interval, so
/// that interval is no scenario time at all.
public final class SessionClock: Sendable {
    public let mode: TimeMode
    /// Real time, one word so a reader never sees half a change: either the monotonic
    /// nanoseconds at which scenario time was 0 (running), or, with `frozenBit` set, the
    /// elapsed nanoseconds it stands still at (frozen).
    private let realState: Atomic<UInt64>
    private let virtualNow = Atomic<Int64>(0)
    private static let frozenBit: UInt64 = 1 << 63

    public init(mode: TimeMode) {
        self.mode = mode
        realState = Atomic(SessionClock.monotonicNanos())
    }

    /// Scenario ticks since the session started.
    @inline(__always)
    public func now() -> Int64 {
        switch mode {
        case .virtual:
            return virtualNow.load(ordering: .acquiring)
        case let .real(speed):
            return Int64(Self.elapsed(state: realState.load(ordering: .acquiring), at: SessionClock.monotonicNanos()) * speed)
        }
    }

    /// Real nanoseconds of scenario time at monotonic `nanos`, frozen intervals left out.
    @inline(__always)
    private static func elapsed(state: UInt64, at nanos: UInt64) -> Double {
        state & frozenBit != 0 ? Double(state & ~frozenBit) : Double(Int64(bitPattern: nanos &- state))
    }

    /// Real time only: stops (true) or restarts (false) the clock. Virtual time needs no
    /// freezing: the executor simply does not advance it.
    func setFrozen(_ frozen: Bool) {
        guard case .real = mode else { return }
        let now = SessionClock.monotonicNanos()
        let state = realState.load(ordering: .acquiring)
        let isFrozen = state & Self.frozenBit != 0
        guard frozen != isFrozen else { return }
        if frozen {
            realState.store(Self.frozenBit | (now &- state), ordering: .releasing)
        } else {
            realState.store(now &- (state & ~Self.frozenBit), ordering: .releasing)
        }
    }

    /// While frozen: moves the stopped clock forward to `ticks` (a step that has to wait for
    /// the next timer). Does nothing when running or when `ticks` is not ahead.
    func advanceFrozen(to ticks: Int64) {
        switch mode {
        case .virtual:
            advance(to: ticks)
        case let .real(speed):
            let state = realState.load(ordering: .acquiring)
            guard state & Self.frozenBit != 0 else { return }
            let target = (Double(ticks) / speed).rounded(.up)
            guard target.isFinite, target > Double(state & ~Self.frozenBit), target < Double(Int64.max) else { return }
            realState.store(Self.frozenBit | UInt64(target), ordering: .releasing)
        }
    }

    /// The ticks real time showed (or will show) at monotonic `nanos`, as things stand.
    func ticks(atMonotonic nanos: UInt64, speed: Double) -> Double {
        Self.elapsed(state: realState.load(ordering: .acquiring), at: nanos) * speed
    }

    /// Turns cycle-counter stamps into this clock's ticks (real time only).
    func cycleConverter() -> CycleConverter {
        guard case let .real(speed) = mode else { preconditionFailure("only real time is stamped in cycles") }
        return CycleConverter(origin: .now(), clock: self, speed: speed)
    }

    /// Virtual time only: move forward to `ticks` (never backwards).
    func advance(to ticks: Int64) {
        precondition(mode == .virtual, "only virtual time is advanced by hand")
        _ = virtualNow.max(ticks, ordering: .releasing)
    }

    /// Real nanoseconds (CLOCK_MONOTONIC) at which scenario time reaches `ticks`.
    /// `.max` while frozen: the clock will not get there until it thaws.
    func monotonicDeadline(for ticks: Int64) -> UInt64 {
        guard case let .real(speed) = mode else { return .max }
        let state = realState.load(ordering: .acquiring)
        guard state & Self.frozenBit == 0 else { return .max }
        let offset = Double(ticks) / speed
        guard offset < 1e18 else { return .max }
        return state &+ UInt64(max(0, offset))
    }

    /// Real nanoseconds that `ticks` of scenario time take.
    func realDuration(of ticks: Int64) -> UInt64 {
        guard case let .real(speed) = mode else { return 0 }
        return UInt64(min(max(0, Double(ticks) / speed), 1e18))
    }

    /// Nanoseconds on CLOCK_MONOTONIC: the one clock every real-time measure here uses.
    @inline(__always)
    public static func monotonicNanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }
}
