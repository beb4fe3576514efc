import Foundation
import Testing
@testable import TaskTrace

/// Cycle-counter timestamps: converted to the monotonic clock from anchors, and, on a real
/// bus, landing where a clock read at the same moment would have put them.
@Suite struct CycleClockTests {
    typealias Anchor = CycleClock.Anchor

    @Test func timestampsArePlacedFromTheLatestAnchorAtTheRateSinceTheFirst() {
        var converter = CycleConverter(origin: Anchor(cycles: 1_000_000, nanos: 10_000), startNanos: 0, speed: 1,
                                       fallbackNanosPerCycle: 9)
        converter.reanchor(at: Anchor(cycles: 3_000_000, nanos: 1_010_000))
        // 2,000,000 cycles took 1,000,000 ns: half a nanosecond each.
        #expect(converter.ticks(atCycles: 2_000_000) == 510_000)
        #expect(converter.ticks(atCycles: 3_000_100) == 1_010_050)
        // A later anchor that drifted from the old rate: placed from it, not from the origin.
        converter.reanchor(at: Anchor(cycles: 5_000_000, nanos: 2_110_000))
        #expect(converter.ticks(atCycles: 5_000_000) == 2_110_000)
        #expect(converter.ticks(atCycles: 4_999_000) == 2_109_475)
    }

    @Test func ticksCountFromTheSessionStartAtItsSpeed() {
        var converter = CycleConverter(origin: Anchor(cycles: 0, nanos: 5_000), startNanos: 4_000, speed: 2)
        converter.reanchor(at: Anchor(cycles: 2_000_000, nanos: 1_005_000))
        // 1,000 ns after the start at twice the speed; half a nanosecond a cycle, so a tick.
        #expect(converter.ticks(atCycles: 0) == 2_000)
        #expect(converter.ticks(atCycles: 1_000_000) == 1_002_000)
    }

    @Test func anchorsTooCloseToTellUseTheFallbackRate() {
        var converter = CycleConverter(origin: Anchor(cycles: 0, nanos: 0), startNanos: 0, speed: 1, fallbackNanosPerCycle: 0.25)
        converter.reanchor(at: Anchor(cycles: 400, nanos: 100))
        #expect(converter.ticks(atCycles: 800) == 200)
        // Never before the session's start.
        #expect(converter.ticks(atCycles: 0 &- 1_000_000) == 0)
    }

    @Test func aCycleStampTakesNoBiggerASlot() {
        #expect(MemoryLayout<StagedEvent>.stride == MemoryLayout<UInt64>.stride + MemoryLayout<TaskEvent>.stride)
    }

    /// Cycle stamps read between two clock reads convert to a time between them, within the
    /// error of the two anchors: each pairs a clock read with the midpoint of the cycle
    /// reads around it, so it is off by at most half their spread. The bound is derived
    /// from the spreads measured here, not a slack chosen for this machine.
    @Test(.enabled(if: CycleClock.isUsable)) func realStampsConvertBetweenTheClockReadsAroundThem() {
        let (origin, originSpread) = anchor()
        var samples: [(before: UInt64, cycles: UInt64, after: UInt64)] = []
        for n in 0..<2_000 {
            let before = SessionClock.monotonicNanos()
            let cycles = CycleClock.now()
            samples.append((before, cycles, SessionClock.monotonicNanos()))
            if n % 500 == 0 { usleep(2_000) }
        }
        let (end, endSpread) = anchor()
        var converter = CycleConverter(origin: origin, startNanos: origin.nanos, speed: 1)
        converter.reanchor(at: end)
        let nanosPerCycle = Double(end.nanos - origin.nanos) / Double(end.cycles - origin.cycles)
        // Half the wider spread, in nanoseconds, and a nanosecond each for the conversion's
        // and the clock's rounding.
        let bound = Int64((Double(max(originSpread, endSpread)) / 2 * nanosPerCycle).rounded(.up)) + 2
        for sample in samples {
            let time = converter.ticks(atCycles: sample.cycles) + Int64(origin.nanos)
            #expect(time >= Int64(sample.before) - bound && time <= Int64(sample.after) + bound,
                    "\(time) not within \(sample.before)…\(sample.after) ± \(bound)")
        }
    }

    /// An anchor as `Anchor.now()` takes it, with the spread of its cycle reads.
    private func anchor() -> (Anchor, spread: UInt64) {
        var best = (Anchor(cycles: 0, nanos: 0), spread: UInt64.max)
        for _ in 0..<100 {
            let before = CycleClock.now()
            let nanos = SessionClock.monotonicNanos()
            let spread = CycleClock.now() &- before
            if spread < best.spread { best = (Anchor(cycles: before &+ spread / 2, nanos: nanos), spread) }
        }
        return best
    }

    /// Events recorded without a time on a real-time bus (cycle stamps where the machine
    /// allows) all arrive, in order, across several drains (how close their times are is
    /// the converter's, tested above).
    @Test func recordedTimesArriveInOrder() async {
        let clock = SessionClock(mode: .real(speed: 1))
        let bus = EventBus(clock: clock)
        let stream = bus.subscribe()
        for n in 0..<2_000 {
            bus.record(task: 1, .counter(name: "n", value: Int64(n)))
            if n % 500 == 0 { usleep(2_000) }
        }
        bus.close()
        var events: [TaskEvent] = []
        for await batch in stream { events += batch }
        #expect(events.count == 2_000)
        #expect(events.map { if case let .counter(_, value) = $0.kind { value } else { -1 } } == (0..<2_000).map(Int64.init))
        #expect(zip(events, events.dropFirst()).allSatisfy { $0.time <= $1.time })
    }
}
