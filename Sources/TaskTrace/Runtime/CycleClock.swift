import CLinuxShims
import Foundation

/// The CPU's cycle counter as a timestamp that is cheaper to take than a clock reading and
/// is converted later, off the hot path, as Go's execution tracer does (the clock read was
/// the largest part of recording an event; figures in Benchmarks/README.md).
///
/// Used only where the kernel itself keeps time with that counter (its clocksource is
/// `tsc` or `arch_sys_counter`): then it runs at a constant rate and agrees across cores.
enum CycleClock {
    /// Whether cycle timestamps can stand in for the monotonic clock on this machine.
    static let isUsable: Bool = {
        guard interleave_cycle_counter() != 0 else { return false }
        let path = "/sys/devices/system/clocksource/clocksource0/current_clocksource"
        guard let source = try? String(contentsOfFile: path, encoding: .utf8) else { return false }
        return ["tsc", "arch_sys_counter"].contains(source.trimmingCharacters(in: .whitespacesAndNewlines))
    }()

    @inline(__always)
    static func now() -> UInt64 { interleave_cycle_counter() }

    /// The two clocks read together: the cycle count is the midpoint of two reads around
    /// the clock read, so the pair is off by at most half a clock read.
    struct Anchor: Equatable {
        let cycles: UInt64
        let nanos: UInt64

        /// The tightest of up to three tries: a thread preempted between its reads would
        /// pair a clock reading with a cycle count from far away, and skew every stamp
        /// converted from that anchor.
        static func now() -> Anchor {
            var best = Anchor(cycles: 0, nanos: 0), bestSpread = UInt64.max
            for _ in 0..<3 {
                let before = CycleClock.now()
                let nanos = SessionClock.monotonicNanos()
                let after = CycleClock.now()
                let spread = after &- before
                if spread < bestSpread { (best, bestSpread) = (Anchor(cycles: before &+ spread / 2, nanos: nanos), spread) }
                // A few hundred cycles is the usual spread; a preemption is millions.
                if spread < 20_000 { break }
            }
            return best
        }
    }

    /// Nanoseconds a cycle lasts, measured once per process over 2 ms: for a converter
    /// whose own anchors are too close together to tell (a bus closed just after it began).
    static let nominalNanosPerCycle: Double = {
        let start = Anchor.now()
        usleep(2_000)
        let end = Anchor.now()
        return Double(end.nanos &- start.nanos) / Double(max(1, end.cycles &- start.cycles))
    }()
}

/// Turns cycle timestamps into a session's ticks, from anchors its owner takes now and
/// then (the bus's drainer: at every drain). A timestamp is placed from the latest anchor
/// at the rate measured since the first one, so the rate gets more exact as time goes on
/// and no error accumulates: each drain re-anchors. A conversion is a multiply and an add:
/// the drainer converts every event it delivers.
struct CycleConverter {
    private let origin: CycleClock.Anchor
    /// The session's start on the monotonic clock, and its ticks per nanosecond.
    private let startNanos: UInt64
    /// The session's clock, when there is one: its start moves on after a freeze, so the
    /// anchors' ticks are read from it rather than from `startNanos`.
    private let clock: SessionClock?
    private let speed: Double
    private var latest: CycleClock.Anchor
    /// Ticks at the latest anchor, and per cycle (0 until known).
    private var latestTicks: Double = 0
    private var ticksPerCycle: Double = 0
    /// Nanoseconds per cycle to use before the anchors are far enough apart (nil:
    /// `CycleClock.nominalNanosPerCycle`).
    private let fallbackNanosPerCycle: Double?
    /// Anchors closer than this to the origin give the rate too coarsely to use.
    static let shortestBaseline: UInt64 = 1_000_000

    init(origin: CycleClock.Anchor, startNanos: UInt64, speed: Double, fallbackNanosPerCycle: Double? = nil) {
        self.init(origin: origin, startNanos: startNanos, clock: nil, speed: speed, fallbackNanosPerCycle: fallbackNanosPerCycle)
    }

    init(origin: CycleClock.Anchor, clock: SessionClock, speed: Double) {
        self.init(origin: origin, startNanos: 0, clock: clock, speed: speed, fallbackNanosPerCycle: nil)
    }

    private init(origin: CycleClock.Anchor, startNanos: UInt64, clock: SessionClock?, speed: Double,
                 fallbackNanosPerCycle: Double?) {
        self.origin = origin
        self.startNanos = startNanos
        self.clock = clock
        self.speed = speed
        self.fallbackNanosPerCycle = fallbackNanosPerCycle
        self.latest = origin
        self.latestTicks = ticks(atNanos: origin.nanos)
    }

    /// Takes `anchor` as the latest, and the rate since the origin if measurable.
    mutating func reanchor(at anchor: CycleClock.Anchor) {
        latest = anchor
        latestTicks = ticks(atNanos: anchor.nanos)
        if anchor.cycles &- origin.cycles >= Self.shortestBaseline, anchor.nanos > origin.nanos {
            ticksPerCycle = Double(anchor.nanos - origin.nanos) / Double(anchor.cycles &- origin.cycles) * speed
        }
    }

    /// The session ticks at which the counter read `cycles` (before or after the latest
    /// anchor); never before the session's start.
    @inline(__always)
    mutating func ticks(atCycles cycles: UInt64) -> Int64 {
        if ticksPerCycle == 0 { ticksPerCycle = (fallbackNanosPerCycle ?? CycleClock.nominalNanosPerCycle) * speed }
        let ticks = latestTicks + Double(Int64(bitPattern: cycles &- latest.cycles)) * ticksPerCycle
        return ticks > 0 ? Int64(ticks) : 0
    }

    private func ticks(atNanos nanos: UInt64) -> Double {
        if let clock { return clock.ticks(atMonotonic: nanos, speed: speed) }
        return Double(Int64(bitPattern: nanos &- startNanos)) * speed
    }
}
