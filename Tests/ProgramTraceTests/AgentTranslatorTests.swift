import AgentWire
import Glibc
import ProgramTrace
import TaskTrace
import Testing

/// The translator on hand-made record streams: what each record of the agent means as
/// task events (the fixtures test the same end to end on real programs).
@Suite struct AgentTranslatorTests {
    static let pid: UInt32 = 100

    /// A record, with the text a TEXT record carries.
    typealias Item = (AgentRecord, String?)

    static func r(_ kind: il_record_kind, _ time: UInt64, task: UInt64 = 0, a: UInt64 = 0, b: UInt64 = 0, c: UInt64 = 0,
                  thread: UInt32 = pid) -> Item {
        (AgentRecord(kind: kind, time: time, task: task, a: a, b: b, c: c, thread: thread), nil)
    }

    static let hello = r(IL_REC_HELLO, 0, task: UInt64(IL_WIRE_VERSION), a: 0x7F, b: UInt64(pid))
    static func site(_ site: il_suspend_site) -> UInt64 { UInt64(site.rawValue) }
    static func text(_ kind: il_text_kind, key: UInt64, _ text: String) -> Item {
        (AgentRecord(kind: IL_REC_TEXT, task: key, b: UInt64(kind.rawValue)), text)
    }

    /// main created and started on the main thread, then one child `Task {}` (runtime id 2).
    static let opening: [Item] = [
        hello,
        r(IL_REC_CREATE, 1_000, task: 1, b: UInt64(IL_CREATE_MAIN.rawValue)),
        r(IL_REC_SLICE_BEGIN, 2_000, task: 1),
        text(IL_TEXT_SYMBOL, key: 0x500, "async function pointer to partial apply forwarder for closure #1 () async -> () in static app.App.main() async throws -> ()"),
        r(IL_REC_ENQUEUE, 2_500, task: 2, a: 1),
        r(IL_REC_CREATE, 3_000, task: 2, a: 1, b: UInt64(IL_CREATE_UNSTRUCTURED.rawValue), c: 0x500),
    ]

    @Test func theMainTaskIsMainAndAChildIsNamedByItsCode() {
        var translator = AgentTranslator()
        let events = translator.translate(items: Self.opening)
        #expect(events == [
            TaskEvent(time: 0, task: 0, kind: .threadName(thread: 0, name: "main actor")),
            TaskEvent(time: 1_000, task: 1, kind: .spawn(name: "main", parent: 0)),
            TaskEvent(time: 2_000, task: 0, kind: .threadName(thread: 1, name: "main thread")),
            TaskEvent(time: 2_000, task: 1, kind: .start(thread: 1, readyWait: 0)),
            TaskEvent(time: 3_000, task: 2, kind: .spawn(name: "closure #1 in App.main()", parent: 1)),
        ])
        // Enqueued inside its creation (2,500): ready from then.
        let started = translator.translate(items: [Self.r(IL_REC_SLICE_BEGIN, 4_000, task: 2, thread: 101)])
        #expect(started.last == TaskEvent(time: 4_000, task: 2, kind: .start(thread: 2, readyWait: 1_500)))
        #expect(started.first == TaskEvent(time: 4_000, task: 0, kind: .threadName(thread: 2, name: "tid 101")))
    }

    /// Task 2 made through a thunk (its creation names nothing), running `download(_:)` first.
    static let thunked: [Item] = [
        hello,
        r(IL_REC_CREATE, 1_000, task: 1, b: UInt64(IL_CREATE_MAIN.rawValue)),
        text(IL_TEXT_SYMBOL, key: 0x600, "async function pointer to partial apply forwarder for reabstraction thunk helper from @escaping @callee_guaranteed @async () -> () to @escaping @callee_guaranteed @async () -> (@out ())"),
        text(IL_TEXT_SYMBOL, key: 0x610, "(1) suspend resume partial function for app.download(Swift.Int) async throws -> Swift.Int"),
        text(IL_TEXT_SYMBOL, key: 0x620, "(1) await resume partial function for closure #1 () async throws -> Swift.Int in closure #2 (inout Swift.ThrowingTaskGroup<Swift.Int, Swift.Error>) async throws -> Swift.Int in static app.App.main() async throws -> ()"),
        r(IL_REC_CREATE, 2_000, task: 2, a: 1, b: UInt64(IL_CREATE_GROUP_CHILD.rawValue), c: 0x600),
        r(IL_REC_SLICE_BEGIN, 3_000, task: 2, thread: 101),
        r(IL_REC_SWITCH, 3_100, task: 2, c: 0x610, thread: 101),
        r(IL_REC_SLICE_END, 3_200, task: 2, a: site(IL_SITE_CONTINUATION), thread: 101),
    ]

    @Test func aTaskIsNamedByItsEntryOnceItsFirstSuspensionShowsIt() {
        var translator = AgentTranslator()
        let events = translator.translate(items: Self.thunked + [Self.r(IL_REC_CALLERS, 3_200, task: 2, a: 0x600, b: 0x620, thread: 101)])
        #expect(events.filter { $0.task == 2 }.compactMap { if case let .rename(name) = $0.kind { name } else { nil } }
                == ["closure #1 in closure #2 in App.main()"])
    }

    @Test func withoutItsEntryATaskIsNamedByTheFirstOfItsCodeThatRan() {
        var translator = AgentTranslator()
        let events = translator.translate(items: Self.thunked + [Self.r(IL_REC_SLICE_BEGIN, 4_000, task: 2, thread: 101)])
        #expect(events.suffix(2) == [TaskEvent(time: 4_000, task: 2, kind: .resume(thread: 1, readyWait: 0)),
                                     TaskEvent(time: 4_000, task: 2, kind: .rename("download(_:)"))])
    }

    @Test func aGivenNameWinsOverTheCode() {
        var translator = AgentTranslator()
        let events = translator.translate(items: Array(Self.opening.dropLast()) + [
            Self.text(IL_TEXT_NAME, key: 2, "crawl url_1"),
            Self.r(IL_REC_CREATE, 3_000, task: 2, a: 1, c: 0x500),
        ])
        #expect(events.filter { $0.task == 2 }.map(\.kind) == [.spawn(name: "crawl url_1", parent: 1)])
    }

    /// Task 2 runs one slice that ends at `site`, after `switched` if given.
    static func reason(site: il_suspend_site, resumeSymbol: String? = nil, switched: Item? = nil) -> [TaskEvent.Kind] {
        var translator = AgentTranslator()
        var records = opening + [r(IL_REC_SLICE_BEGIN, 4_000, task: 2, thread: 101)]
        if let switched { records.append(switched) }
        if let resumeSymbol { records.append(text(IL_TEXT_SYMBOL, key: 0x900, resumeSymbol)) }
        records.append(r(IL_REC_SLICE_END, 5_000, task: 2, a: Self.site(site), b: 0x900, thread: 101))
        return translator.translate(items: records).filter { $0.task == 2 && $0.time == 5_000 }.map(\.kind)
    }

    @Test func whereASliceStoppedSaysWhy() {
        #expect(Self.reason(site: IL_SITE_CONTINUATION) == [.suspend(.continuation)])
        #expect(Self.reason(site: IL_SITE_CONTINUATION, resumeSymbol: "(2) await resume partial function for static (extension in Swift):Swift.Task< where A == Swift.Never, B == Swift.Never>._sleep(until: A1.Instant) async throws -> ()")
                == [.suspend(.sleep)])
        #expect(Self.reason(site: IL_SITE_AWAIT_TASK) == [.suspend(.awaitingResult)])
        #expect(Self.reason(site: IL_SITE_GROUP_NEXT) == [.suspend(.awaitingGroup)])
        #expect(Self.reason(site: IL_SITE_ENQUEUE) == [.suspend(.actorHop("its executor"))])
        #expect(Self.reason(site: IL_SITE_UNKNOWN) == [.suspend(.other)])
        #expect(Self.reason(site: IL_SITE_COMPLETED) == [])
    }

    @Test func anActorHopNamesTheActor() {
        let toCounter = [
            Self.text(IL_TEXT_TYPE, key: 0x77, "Counter"),
            Self.r(IL_REC_SWITCH, 4_500, task: 2, a: 0x77, b: 0x1234, thread: 101),
        ]
        var translator = AgentTranslator()
        let events = translator.translate(items: Self.opening + [Self.r(IL_REC_SLICE_BEGIN, 4_000, task: 2, thread: 101)] + toCounter
            + [Self.r(IL_REC_SLICE_END, 5_000, task: 2, a: Self.site(IL_SITE_ENQUEUE), thread: 101)])
        #expect(events.last?.kind == .suspend(.actorHop("Counter")))
        let toMain = Self.reason(site: IL_SITE_ENQUEUE, switched: Self.r(IL_REC_SWITCH, 4_500, task: 2, a: 1, thread: 101))
        #expect(toMain == [.suspend(.actorHop("MainActor"))])
    }

    @Test func codeOnTheMainActorRunsOnItsLane() {
        var translator = AgentTranslator()
        let events = translator.translate(items: Self.opening + [
            Self.r(IL_REC_SLICE_BEGIN, 4_000, task: 2, thread: 101),
            Self.r(IL_REC_SWITCH, 4_100, task: 2, a: 1, thread: 101),
            Self.r(IL_REC_SLICE_END, 4_200, task: 2, a: Self.site(IL_SITE_ENQUEUE), thread: 101),
            Self.r(IL_REC_SLICE_BEGIN, 4_300, task: 2, thread: 102),
        ])
        #expect(events.last == TaskEvent(time: 4_300, task: 2, kind: .resume(thread: AgentTranslator.mainActorLane, readyWait: 0)))
    }

    @Test func outcomes() {
        func outcome(threw: Bool, error: String?, cancelled: Bool) -> TaskEvent.Kind? {
            var translator = AgentTranslator()
            var records = Self.opening + [Self.r(IL_REC_SLICE_BEGIN, 4_000, task: 2, thread: 101)]
            if let error { records.append(Self.text(IL_TEXT_ERROR, key: 2, error)) }
            records.append(Self.r(IL_REC_COMPLETE, 5_000, task: 2, a: threw ? 1 : 0, b: cancelled ? 1 : 0, thread: 101))
            return translator.translate(items: records).last?.kind
        }
        #expect(outcome(threw: false, error: nil, cancelled: false) == .complete(result: ""))
        #expect(outcome(threw: true, error: "WorkerError.boom", cancelled: false) == .fail(error: "WorkerError.boom"))
        #expect(outcome(threw: true, error: "CancellationError", cancelled: false) == .cancel)
        #expect(outcome(threw: true, error: "URLError.cancelled", cancelled: true) == .cancel)
        #expect(outcome(threw: true, error: nil, cancelled: false) == .fail(error: "an error"))
    }

    /// Task 2's slices: 16 ms (6 of them waiting for a CPU), 0.5 ms, then 20 ms (2 waiting)
    /// that ends the task; `waits` false sends the same slices without their waits.
    static func slices(waits: Bool) -> [Item] {
        let ms: UInt64 = 1_000_000
        return opening + [
            r(IL_REC_SLICE_BEGIN, 4 * ms, task: 2, thread: 101),
            r(IL_REC_SLICE_END, 20 * ms, task: 2, a: site(IL_SITE_CONTINUATION), c: waits ? 6 * ms : 0, thread: 101),
            r(IL_REC_SLICE_BEGIN, 30 * ms, task: 2, thread: 101),
            r(IL_REC_SLICE_END, 30 * ms + ms / 2, task: 2, a: site(IL_SITE_CONTINUATION), thread: 101),
            r(IL_REC_SLICE_BEGIN, 40 * ms, task: 2, thread: 101),
            r(IL_REC_COMPLETE, 60 * ms, task: 2, c: waits ? 2 * ms : 0, thread: 101),
            // After its outcome the slice's end says nothing more, its wait neither.
            r(IL_REC_SLICE_END, 60 * ms + 100, task: 2, a: site(IL_SITE_COMPLETED), c: waits ? 100 : 0, thread: 101),
        ]
    }

    @Test func aSlicesRunQueueWaitGoesJustBeforeItsEnd() {
        var translator = AgentTranslator()
        let kinds = translator.translate(items: Self.slices(waits: true)).filter { $0.task == 2 }.map(\.kind)
        #expect(kinds == [.spawn(name: "closure #1 in App.main()", parent: 1),
                          .start(thread: 2, readyWait: 4_000_000 - 2_500), .preempted(wait: 6_000_000), .suspend(.continuation),
                          .resume(thread: 2, readyWait: 0), .suspend(.continuation),
                          .resume(thread: 2, readyWait: 0), .preempted(wait: 2_000_000), .complete(result: "")])
    }

    @Test func aSliceThatWaitedForACPUIsNoBlockingCallOfAProgram() {
        func blockingCalls(waits: Bool) -> [String] {
            var translator = AgentTranslator()
            var warnings = Warnings()
            warnings.apply(translator.translate(items: Self.slices(waits: waits)))
            return warnings.report(final: true).filter { $0.kind == .blockingCall }.map(\.evidence)
        }
        // 16 - 6 = 10 ms and 20 - 2 = 18 ms: only the last is over 10 ms.
        #expect(blockingCalls(waits: true) == ["closure #1 in App.main() held thread tid 101 for 18 ms without suspending, "
                                               + "not counting 2 ms it waited for a CPU (threshold 10 ms)"])
        #expect(blockingCalls(waits: false).count == 1)
        #expect(blockingCalls(waits: false).first?.contains("(2 slices over 10 ms, longest 20 ms)") == true)
    }

    @Test func theRuntimesOwnTasksAreLeftOutAndCounted() {
        var translator = AgentTranslator()
        _ = translator.translate(items: Self.opening)
        // Enqueued from no task (a timer) and never created by the program.
        let hidden = translator.translate(items: [
            Self.r(IL_REC_ENQUEUE, 4_000, task: 9),
            Self.r(IL_REC_SLICE_BEGIN, 4_100, task: 9, thread: 103),
            Self.r(IL_REC_COMPLETE, 4_200, task: 9, thread: 103),
        ])
        #expect(hidden.allSatisfy { $0.task == 0 })
        #expect(translator.runtimeTasks == 1)
        // Enqueued by main while it runs: made inside the runtime for the program (a child).
        let child = translator.translate(items: [
            Self.r(IL_REC_ENQUEUE, 5_000, task: 10, a: 1),
            Self.r(IL_REC_SLICE_BEGIN, 5_500, task: 10, thread: 103),
        ])
        #expect(child == [TaskEvent(time: 5_500, task: 3, kind: .spawn(name: "task 10", parent: 1)),
                          TaskEvent(time: 5_500, task: 0, kind: .threadName(thread: 2, name: "tid 103")),
                          TaskEvent(time: 5_500, task: 3, kind: .start(thread: 2, readyWait: 500))])
    }

    @Test func aFirstSliceRecordedBeforeItsCreationStillGetsTheCreationsName() {
        var translator = AgentTranslator()
        let events = translator.translate(items: Array(Self.opening.dropLast()) + [
            Self.r(IL_REC_SLICE_BEGIN, 2_700, task: 2, thread: 101),
            Self.r(IL_REC_CREATE, 3_000, task: 2, a: 1, c: 0x500),
        ])
        #expect(events.filter { $0.task == 2 }.map(\.kind) == [
            .spawn(name: "task 2", parent: 1), .start(thread: 2, readyWait: 200), .rename("closure #1 in App.main()"),
        ])
    }

    @Test func lateRecordsNeverGoBackInTime() {
        var translator = AgentTranslator()
        let events = translator.translate(items: Self.opening + [Self.r(IL_REC_SLICE_BEGIN, 500, task: 2, thread: 101)])
        #expect(events.last == TaskEvent(time: 3_000, task: 2, kind: .start(thread: 2, readyWait: 0)))
    }

    @Test func theCollectorsClockMovesTheTraceOnWithoutAnEvent() {
        var translator = AgentTranslator()
        let opened = translator.translate(items: Self.opening)
        #expect(translator.traceTime == 3_000)
        #expect(translator.translate(items: [Self.r(IL_REC_CLOCK, 50_000)]) == [])
        #expect(translator.traceTime == 50_000)
        #expect(translator.ignored == 0)
        // A record stamped before the clock (its thread had not yet published it) comes no earlier.
        let late = translator.translate(items: [Self.r(IL_REC_SLICE_BEGIN, 40_000, task: 2, thread: 101)])
        #expect(late.last == TaskEvent(time: 50_000, task: 2, kind: .start(thread: 2, readyWait: 37_500)))
        #expect(!opened.isEmpty)
    }

    @Test func theMainTaskEndsWithTheProgram() {
        var translator = AgentTranslator()
        _ = translator.translate(items: Self.opening)
        #expect(translator.programExited(.exited(status: 0), at: 9_000) == [TaskEvent(time: 9_000, task: 1, kind: .complete(result: ""))])
        var failing = AgentTranslator()
        _ = failing.translate(items: Self.opening)
        #expect(failing.programExited(.exited(status: 3), at: 9_000) == [TaskEvent(time: 9_000, task: 1, kind: .fail(error: "exit status 3"))])
        #expect(failing.programExited(.exited(status: 3), at: 9_500) == [])
        var crashed = AgentTranslator()
        _ = crashed.translate(items: Self.opening)
        #expect(crashed.programExited(.signalled(SIGILL), at: 9_000) == [TaskEvent(time: 9_000, task: 1, kind: .fail(error: "crashed (SIGILL)"))])
    }

    @Test func howAProgramEndedIsSaidApart() {
        // wait4's status word: the exit status in the second byte, or the signal in the low 7 bits.
        #expect(ProgramEnd(waitStatus: 3 << 8) == .exited(status: 3))
        #expect(ProgramEnd(waitStatus: SIGILL) == .signalled(SIGILL))
        #expect(ProgramEnd(waitStatus: SIGILL).status == 132)
        #expect(ProgramEnd(waitStatus: SIGILL).sentence == "crashed (SIGILL, status 132)")
        #expect(ProgramEnd.signalled(SIGINT).failure == "killed by SIGINT")
        #expect(ProgramEnd.signalled(SIGKILL).sentence == "was killed by SIGKILL (status 137)")
        #expect(ProgramEnd.exited(status: 0).failure == nil)
    }

    @Test func dropsAreCountedAndAnUnknownStreamVersionIsSaid() {
        var translator = AgentTranslator()
        let events = translator.translate(items: [
            Self.r(IL_REC_HELLO, 0, task: 99, b: UInt64(Self.pid)),
            Self.r(IL_REC_DROPPED, 10, a: 12),
        ])
        #expect(events.last == TaskEvent(time: 10, task: 0, kind: .dropped(count: 12)))
        #expect(translator.notices.first?.contains("stream version 99") == true)
    }
}

extension AgentTranslator {
    /// Translates records written as (record, text) pairs.
    mutating func translate(items: [AgentTranslatorTests.Item]) -> [TaskEvent] { translate(AgentBatch(items)) }
}
