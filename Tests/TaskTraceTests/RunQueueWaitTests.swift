import Foundation
import SchedStat
import Testing
@testable import TaskTrace

/// How a thread's run-queue wait is read (`SchedStat.h`): by the agent for `exec` and by the
/// executor for scenarios, with the same functions.
@Suite struct RunQueueWaitTests {
    static func parse(_ text: String) -> Int64 {
        var text = text
        // The bytes are valid for the closure only, and the parse keeps no pointer to them;
        // UInt8 and CChar have the same size and alignment.
        return text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { il_parse_run_delay($0.baseAddress, $0.count) }
        }
    }

    @Test func theSecondFieldOfSchedstatIsTheWait() {
        #expect(Self.parse("100287030 868176441 53\n") == 868_176_441)
        #expect(Self.parse("0 0 0\n") == 0)
        for bad in ["", "1 2 3", "1 2\n", "1  2 3\n", "-1 2 3\n", "1 x 3\n", "a b c\n", "1 99999999999999999999 3\n"] {
            #expect(Self.parse(bad) == -1, "\(bad.debugDescription)")
        }
    }

    @Test func thisThreadsWaitIsReadAndPlausible() throws {
        let fd = il_run_delay_open()
        try #require(fd >= 0, "this kernel has /proc/thread-self/schedstat")
        defer { close(fd) }
        let start = SessionClock.monotonicNanos()
        let first = il_run_delay(fd)
        // The sampler as the agent and the executor use it, on this thread's real file.
        var queue = il_run_queue_make(fd)
        il_run_queue_slice_begins(&queue, 0, 1)
        var sum = 0
        for i in 0..<2_000_000 { sum &+= i }
        let waited = il_run_queue_slice_wait(&queue, 1, 1)
        let second = il_run_delay(fd)
        let elapsed = SessionClock.monotonicNanos() - start
        #expect(sum != 1)
        #expect(first >= 0)
        #expect(queue.fd == fd)
        // Never less than before, and never more than the time that passed between the reads.
        #expect(second >= first)
        #expect(UInt64(second - first) <= elapsed)
        #expect(waited <= UInt64(second - first))
    }

    /// A file standing in for schedstat, rewritten between readings.
    final class FakeSchedstat {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("schedstat-\(UUID().uuidString)").path
        let fd: Int32
        init(_ text: String) {
            _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
            fd = open(path, O_RDONLY)
        }
        func write(_ text: String) { try? Data(text.utf8).write(to: URL(fileURLWithPath: path), options: []) }
        deinit {
            close(fd)
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    @Test func aSlicesWaitIsCountedFromItsStartAtMostOnceAnInterval() {
        let file = FakeSchedstat("10 100 1\n")
        var queue = il_run_queue_make(file.fd)
        il_run_queue_slice_begins(&queue, 0, 1_000)
        file.write("10 350 2\n")
        // Shorter than the interval: not read, nothing to say.
        #expect(il_run_queue_slice_wait(&queue, 999, 1_000) == 0)
        #expect(il_run_queue_slice_wait(&queue, 1_000, 1_000) == 250)
        // The next slice begins under an interval after that reading: it counts from it.
        file.write("10 400 3\n")
        il_run_queue_slice_begins(&queue, 1_500, 1_000)
        file.write("10 460 3\n")
        #expect(il_run_queue_slice_wait(&queue, 2_500, 1_000) == 60 + 50)
        // An interval later, a slice begins from a fresh reading.
        il_run_queue_slice_begins(&queue, 4_000, 1_000)
        file.write("10 500 4\n")
        #expect(il_run_queue_slice_wait(&queue, 5_000, 1_000) == 40)
    }

    @Test func aFileThatIsNotSchedstatIsGivenUp() {
        let file = FakeSchedstat("not schedstat\n")
        var queue = il_run_queue_make(file.fd)
        il_run_queue_slice_begins(&queue, 0, 1_000)
        #expect(queue.fd == -1)
        file.write("10 350 2\n")
        il_run_queue_slice_begins(&queue, 5_000, 1_000)
        #expect(il_run_queue_slice_wait(&queue, 9_000, 1_000) == 0)
        // No file at all: nothing, and no failure.
        var none = il_run_queue_make(-1)
        il_run_queue_slice_begins(&none, 0, 0)
        #expect(il_run_queue_slice_wait(&none, 5_000, 0) == 0)
    }

    /// Real time at speed 4: the executor's worker reads a stand-in for its schedstat, so the
    /// waits are known. A slice ending in a suspension and one ending its task each carry
    /// their wait, in ticks (4 per real nanosecond), just before their end.
    @Test func theExecutorRecordsASlicesWaitBeforeItsEndInTicks() async {
        let file = FakeSchedstat("10 100 1\n")
        let (path, fd) = (file.path, file.fd)
        let session = TraceSession(threads: 1, time: .real(speed: 4))
        let stream = session.bus.subscribe()
        let collector = Task { () -> [TaskEvent] in
            var all: [TaskEvent] = []
            for await batch in stream { all += batch }
            return all
        }
        /// Busy for 2 ms of real time: longer than the millisecond a slice needs to be measured.
        @Sendable func spin() {
            let end = SessionClock.monotonicNanos() + 2_000_000
            while SessionClock.monotonicNanos() < end {}
        }
        @Sendable func write(_ text: String) { try? Data(text.utf8).write(to: URL(fileURLWithPath: path), options: []) }
        let root = session.start("root") {
            ThreadState.current.runQueue = RunQueueWait(standIn: fd)
            try await Trace.sleep(ticks: 1)
            write("10 350 2\n")
            spin()
            try await Trace.sleep(ticks: 1)
            write("10 500 3\n")
            spin()
        }
        _ = await root.result
        session.finish()
        let ends: Set<String> = ["preempted", "suspend", "complete"]
        let kinds: [TaskEvent.Kind] = await collector.value.filter { $0.task == 1 && ends.contains($0.kind.tag) }.map(\.kind)
        let expected: [TaskEvent.Kind] = [.suspend(.sleep), .preempted(wait: 250 * 4), .suspend(.sleep),
                                          .preempted(wait: 150 * 4), .complete(result: "")]
        #expect(kinds == expected)
        withExtendedLifetime(file) {}
    }
}
