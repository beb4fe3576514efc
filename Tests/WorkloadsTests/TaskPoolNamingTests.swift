import Testing
import TaskTrace
@testable import Workloads

/// A pool's new members take the lowest free numbers: six consumers are consumer_1…6,
/// however the knob got to six.
@Suite struct TaskPoolNamingTests {
    @Test func membersReuseTheLowestFreeNumbers() async {
        let session = TraceSession(threads: 1, time: .virtual)
        let stream = session.bus.subscribe()
        let collector = Task { () -> [TaskEvent] in
            var all: [TaskEvent] = []
            for await batch in stream { all += batch }
            return all
        }
        let root = session.start("main") {
            let pool = TaskPool(prefix: "consumer") { _ in try await Trace.sleep(units: 1_000) }
            pool.resize(to: 6)
            try await Trace.sleep(units: 1)
            pool.resize(to: 0)
            try await Trace.sleep(units: 1)
            pool.resize(to: 6)
            try await Trace.sleep(units: 1)
            pool.resize(to: 2)
            try await Trace.sleep(units: 1)
            pool.resize(to: 4)
            await pool.cancelAll()
        }
        _ = await root.result
        session.finish()
        let names = await collector.value.compactMap { if case let .spawn(name, _) = $0.kind, name != "main" { name } else { nil } }
        let six = (1...6).map { "consumer_\($0)" }
        #expect(names == six + six + ["consumer_3", "consumer_4"])
    }
}
