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

    /// Events recorded without a time on a real-time bus (cycle stamps where the machine
    /// allows) come out between clock reads taken just before and after each record, in
    /// order, across several drains.
    @Test func recordedTimesLieBetweenClockReadsAroundThem() async {
        let clock = SessionClock(mode: .real(speed: 1))
        let bus = EventBus(clock: clock)
        let stream = bus.subscribe()
        var bounds: [(before: Int64, after: Int64)] = []
        for n in 0..<2_000 {
            let before = clock.now()
            bus.record(task: 1, .counter(name: "n", value: Int64(n)))
            bounds.append((before, clock.now()))
            if n % 500 == 0 { usleep(2_000) }
        }
        bus.close()
        var events: [TaskEvent] = []
        for await batch in stream { events += batch }
        #expect(events.count == 2_000)
        // Conversion is exact to within a clock read or two; 20 µs leaves room for a
        // rate measured over the first millisecond only.
        let slack: Int64 = 20_000
        for (event, bound) in zip(events, bounds) {
            #expect(event.time >= bound.before - slack && event.time <= bound.after + slack,
                    "\(event.time) not within \(bound.before)…\(bound.after)")
        }
        #expect(zip(events, events.dropFirst()).allSatisfy { $0.time <= $1.time })
    }
}
