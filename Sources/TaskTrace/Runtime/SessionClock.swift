import Foundation
import Synchronization

/// How scenario time passes.
public enum TimeMode: Sendable, Equatable {
    /// Jumps to the next deadline whenever nothing can run: exact unit timings, no waiting.
    case virtual
    /// Follows the monotonic clock, `speed` units per second (1 = the tutorial's seconds).
    case real(speed: Double)

    public var label: String {
        switch self {
        case .virtual: "virtual"
        case let .real(speed): "\(Ticks.formatNumber(speed))x"
        }
    }
}

/// The session's notion of "now" in scenario ticks. The executor owns advancing virtual
/// time; everyone else only reads it, so reads are a single atomic load.
public final class SessionClock: Sendable {
    public let mode: TimeMode
    private let startNanos: UInt64
    private let virtualNow = Atomic<Int64>(0)

    public init(mode: TimeMode) {
        self.mode = mode
        self.startNanos = SessionClock.monotonicNanos()
    }

    /// Scenario ticks since the session started.
    @inline(__always)
    public func now() -> Int64 {
        switch mode {
        case .virtual:
            return virtualNow.load(ordering: .acquiring)
        case let .real(speed):
            let elapsed = Double(SessionClock.monotonicNanos() &- startNanos)
            return Int64(elapsed * speed)
        }
    }

    /// Turns cycle-counter stamps into this clock's ticks (real time only).
    func cycleConverter() -> CycleConverter {
        guard case let .real(speed) = mode else { preconditionFailure("only real time is stamped in cycles") }
        return CycleConverter(origin: .now(), startNanos: startNanos, speed: speed)
    }

    /// Virtual time only: move forward to `ticks` (never backwards).
    func advance(to ticks: Int64) {
        precondition(mode == .virtual, "only virtual time is advanced by hand")
        _ = virtualNow.max(ticks, ordering: .releasing)
    }

    /// Real nanoseconds (CLOCK_MONOTONIC) at which scenario time reaches `ticks`.
    func monotonicDeadline(for ticks: Int64) -> UInt64 {
        guard case let .real(speed) = mode else { return .max }
        return startNanos &+ UInt64(max(0, Double(ticks) / speed))
    }

    /// Real nanoseconds that `ticks` of scenario time take.
    func realDuration(of ticks: Int64) -> UInt64 {
        guard case let .real(speed) = mode else { return 0 }
        return UInt64(max(0, Double(ticks) / speed))
    }

    /// Nanoseconds on CLOCK_MONOTONIC: the one clock every real-time measure here uses.
    @inline(__always)
    public static func monotonicNanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }
}

extension Ticks {
    /// A number with at most two decimals and no trailing zeros: `20`, `0.25`.
    public static func formatNumber(_ value: Double) -> String {
        format(Int64((value * Double(perUnit)).rounded()))
    }
}
