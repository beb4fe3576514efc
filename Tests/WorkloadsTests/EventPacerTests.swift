import Foundation
import Synchronization
import Testing
import TaskTrace
@testable import Workloads

/// `EventPacer`: virtual time waits while a reader lags, moves on once it catches up, and
/// gives up on a reader that does not within its patience.
@Suite struct EventPacerTests {
    @Test func aReaderLaggingPastTheLimitHoldsTime() {
        let recorded = Atomic<Int64>(0)
        let pacer = EventPacer(recorded: { recorded.load(ordering: .relaxed) }, maxLag: 100)
        recorded.store(500, ordering: .relaxed)
        #expect(!pacer.mustHoldTime(), "no reader: nothing to wait for")
        let reader = pacer.addReader()
        recorded.store(600, ordering: .relaxed)
        #expect(!pacer.mustHoldTime(), "a reader lags only by what is recorded after it joined")
        recorded.store(601, ordering: .relaxed)
        #expect(pacer.mustHoldTime())
        reader.took(1)
        #expect(!pacer.mustHoldTime())
        recorded.store(1_000, ordering: .relaxed)
        pacer.remove(reader)
        #expect(!pacer.mustHoldTime(), "a reader removed holds nothing")
    }

    @Test func aHoldEndsWhenTheReaderIsBackToHalfTheLimit() {
        // Ten events taken at each look: the hold must last until 950 are taken, no longer.
        let hold = holdWhileTheReaderTakesTen(every: .microseconds(200), patience: .seconds(60))
        #expect(hold.took == 950)
        #expect(hold.elapsed == .microseconds(200 * 95))
    }

    @Test func aReaderThatDoesNotCatchUpIsGivenUpOnUntilItDoes() {
        let recorded = Atomic<Int64>(0)
        let timing = ScriptedTiming(step: .microseconds(200)) { _ in }
        let pacer = EventPacer(recorded: { recorded.load(ordering: .relaxed) }, maxLag: 100, patience: .milliseconds(20),
                               timing: timing.timing)
        let reader = pacer.addReader()
        recorded.store(1_000, ordering: .relaxed)
        pacer.holdTime()
        #expect(timing.elapsed == .milliseconds(20), "held for exactly its patience")
        #expect(!pacer.mustHoldTime(), "given up on")
        reader.took(950)
        #expect(!pacer.mustHoldTime())
        recorded.store(1_200, ordering: .relaxed)
        #expect(pacer.mustHoldTime(), "caught up, so it counts again")
        pacer.stop()
        #expect(!pacer.mustHoldTime(), "a stopped pacer never holds")
    }

    /// A reader slower than the patience but still reading is waited for: giving up on it
    /// would let its backlog grow without bound, what the pacer is for.
    @Test func aSlowReaderThatStillReadsIsNotGivenUpOn() {
        // 10 events every 5 ms: 950 take 475 ms, beyond the 200 ms patience.
        let hold = holdWhileTheReaderTakesTen(every: .milliseconds(5), patience: .milliseconds(200))
        #expect(hold.took == 950, "the hold lasted until the reader was back to half the limit")
        #expect(hold.elapsed == .milliseconds(475))
        #expect(!hold.pacer.mustHoldTime())
        hold.recorded.set(hold.took + 101)
        #expect(hold.pacer.mustHoldTime(), "never given up on")
    }

    /// A pacer 1,000 events ahead of its one reader (limit 100), held while the reader
    /// takes ten events each `every` of scripted time (looking every 200 µs).
    private func holdWhileTheReaderTakesTen(every: Duration, patience: Duration)
        -> (pacer: EventPacer, recorded: RecordedCount, took: Int64, elapsed: Duration) {
        let recorded = RecordedCount()
        let took = Atomic<Int64>(0)
        let reader = PacerReaderBox()
        let timing = ScriptedTiming(step: .microseconds(200)) { elapsed in
            guard elapsed.components.attoseconds % every.components.attoseconds == 0 else { return }
            reader.value?.took(10)
            took.add(10, ordering: .relaxed)
        }
        let pacer = EventPacer(recorded: { recorded.value }, maxLag: 100, patience: patience, timing: timing.timing)
        reader.value = pacer.addReader()
        recorded.set(1_000)
        #expect(pacer.mustHoldTime())
        pacer.holdTime()
        return (pacer, recorded, took.load(ordering: .relaxed), timing.elapsed)
    }

    /// A root that records 500 messages, then sleeps a unit, ten times. With a reader that
    /// takes nothing and a limit of 1,000 events, time stops at 1 unit, with the second
    /// round's events recorded and the third's not; once the reader takes them the run
    /// goes on to the end.
    @Test func virtualTimeWaitsForTheSlowestReader() async {
        let session = TraceSession(threads: 1, time: .virtual)
        // Its time never passes: the hold lasts until the reader catches up, however long.
        let holding = Atomic<Bool>(false)
        let timing = EventPacer.Timing(now: { .zero }) {
            holding.store(true, ordering: .relaxed)
            usleep(100)
        }
        let pacer = EventPacer(bus: session.bus, maxLag: 1_000, patience: .seconds(60), timing: timing)
        session.executor.paceVirtualTime(with: pacer)
        let stream = session.bus.subscribe()
        let reader = pacer.addReader()
        let root = session.start("root") {
            for round in 1...10 {
                for n in 1...500 { session.record(.message("round \(round) line \(n)")) }
                try await Trace.sleep(units: 1)
            }
        }
        while !holding.load(ordering: .relaxed) { try? await Task.sleep(for: .milliseconds(1)) }
        #expect(session.clock.now() == Ticks.from(units: 1))
        #expect(session.bus.recordedCount > 1_000 && session.bus.recordedCount < 1_500)
        let reading = Task { () -> Int in
            var messages = 0
            for await batch in stream {
                reader.took(batch.count)
                messages += batch.count(where: { if case .message = $0.kind { true } else { false } })
            }
            return messages
        }
        _ = await root.task.result
        #expect(session.clock.now() == Ticks.from(units: 10))
        session.finish()
        #expect(await reading.value == 5_000)
    }

    @Test func aReaderThatNeverReadsCannotStallTheRun() async {
        let session = TraceSession(threads: 1, time: .virtual)
        let timing = ScriptedTiming(step: .milliseconds(1)) { _ in }
        let pacer = EventPacer(bus: session.bus, maxLag: 100, patience: .milliseconds(20), timing: timing.timing)
        session.executor.paceVirtualTime(with: pacer)
        _ = pacer.addReader()
        let root = session.start("root") {
            for _ in 1...100 {
                for _ in 1...50 { session.record(.message("line")) }
                try await Trace.sleep(units: 1)
            }
        }
        _ = await root.task.result
        #expect(session.clock.now() == Ticks.from(units: 100))
        session.finish()
    }
}

/// Time for a pacer's holds that moves only when it pauses, by `step`, and runs `script`
/// at each pause with the time so far: what a reader does during a hold is then a script,
/// not a race with a thread.
private final class ScriptedTiming: Sendable {
    private let nanoseconds = Atomic<Int64>(0)
    private let step: Int64
    private let script: @Sendable (Duration) -> Void

    init(step: Duration, script: @escaping @Sendable (Duration) -> Void) {
        self.step = step.components.seconds * 1_000_000_000 + step.components.attoseconds / 1_000_000_000
        self.script = script
    }

    var elapsed: Duration { .nanoseconds(nanoseconds.load(ordering: .relaxed)) }

    var timing: EventPacer.Timing {
        EventPacer.Timing(now: { [self] in elapsed }) { [self] in
            nanoseconds.add(step, ordering: .relaxed)
            script(elapsed)
        }
    }
}

/// A reader made after the timing that feeds it.
private final class PacerReaderBox: @unchecked Sendable {
    /// Set once before the hold starts, read only on the holding thread.
    var value: EventPacer.Reader?
}

/// The bus's recorded count, as a test sets it.
private final class RecordedCount: Sendable {
    private let count = Atomic<Int64>(0)
    var value: Int64 { count.load(ordering: .relaxed) }
    func set(_ value: Int64) { count.store(value, ordering: .relaxed) }
}
