import Testing
@testable import Dashboard

/// The header's events-per-second figure: exact at its first sample, then smoothed, so a
/// workload that records in bursts does not make it jump with every half second.
@Suite struct EventRateTests {
    @Test func burstsAroundASteadyRateReadNearTheRateNotTheBursts() {
        var rate = EventRate()
        var count: Int64 = 0
        var wall: UInt64 = 1_000_000_000
        rate.update(wall: wall, count: count)
        // 20 events a second on average, arriving as 4 then 16 per half second.
        var readings: [Double] = []
        for half in 0..<40 {
            wall += 500_000_000
            count += half % 2 == 0 ? 4 : 16
            rate.update(wall: wall, count: count)
            readings.append(rate.perSecond)
        }
        #expect(readings[0] == 8, "the first sample is shown as it is")
        // Once settled, within a few events a second of 20, where raw samples say 8 or 32.
        #expect(readings.suffix(20).allSatisfy { abs($0 - 20) < 4 })
    }

    @Test func aRestartedCountStartsAfresh() {
        var rate = EventRate()
        rate.update(wall: 1_000_000_000, count: 0)
        rate.update(wall: 1_500_000_000, count: 500)
        #expect(rate.perSecond == 1_000)
        rate.update(wall: 1_600_000_000, count: 10)        // a new run: fewer events than before
        rate.update(wall: 2_100_000_000, count: 60)
        #expect(rate.perSecond == 100)
    }
}
