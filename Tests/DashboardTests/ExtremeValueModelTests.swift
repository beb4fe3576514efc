import Testing
import TaskTrace
import Workloads
@testable import Dashboard
@testable import interleave

/// The model, its keys and its views over extreme values (0, ±Int64.max, negative
/// durations, huge ids): a replayed log may say anything the reader lets through, and a
/// viewer must not trap. (`G` in a replay of a log at Int64.max once died in
/// `ReplaySource.sessionTime`.)
@MainActor @Suite struct ExtremeValueModelTests {
    static let times: [Int64] = [0, 1, -1, Ticks.perUnit, Ticks.limit, .max, .max - 1, .min]
    static let ids: [TaskID] = [0, 1, 2, 3, TaskID.max]
    static let keys: [Key] = [
        .char("z"), .char("Z"), .char("["), .char("]"), .char("g"), .char("G"), .char("."), .char(","),
        .char(" "), .char("t"), .char("<"), .char(">"), .left, .right, .home, .end, .pageUp, .pageDown,
        .up, .down, .enter, .escape,
    ]

    @Test func theModelAndViewsSurviveExtremeValues() {
        let random = SeededRandom(seed: 14)
        func pick<T>(_ values: [T]) -> T { values[random.int(in: 0...values.count - 1)] }
        for round in 0..<150 {
            var model = Fixture.model()
            if round % 2 == 0 {
                model.replay = ReplayState(file: "x.jsonl")
                _ = model.update(.replayFacts(ReplayFacts(start: pick(Self.times), total: pick(Self.times))))
            }
            var events: [TaskEvent] = []
            for _ in 0..<30 {
                let kind: TaskEvent.Kind = switch random.int(in: 0...6) {
                case 0: .spawn(name: "x", parent: pick(Self.ids))
                case 1: .start(thread: pick([0, 3, 4096, -1]), readyWait: pick(Self.times))
                case 2: .resume(thread: pick([0, 1, Int.max]), readyWait: pick(Self.times))
                case 3: .suspend(.awaitingTask(pick(Self.ids)))
                case 4: .complete(result: "")
                case 5: .threads(count: pick([0, 1, 64, 100_000, -1]))
                default: .dropped(count: pick(Self.times))
                }
                events.append(TaskEvent(time: pick(Self.times), task: pick(Self.ids), kind: kind))
            }
            _ = model.update(.events(events))
            for _ in 0..<12 {
                _ = model.update(.key(pick(Self.keys)))
                _ = model.update(.tick(wall: random.next(), sessionTime: pick(Self.times + [nil])))
            }
            for size in [(120, 40), (40, 10)] {
                _ = model.update(.resize(width: size.0, height: size.1))
                var buffer = ScreenBuffer(width: size.0, height: size.1)
                DashboardView(model: model, glyphs: .unicode).render(into: &buffer)
                #expect(buffer.lines.count == size.1)
            }
        }
    }

    @Test(arguments: [0, 1, Ticks.limit, .max - 1, .max] as [Int64])
    func aWindowAndItsAxisReachTheEndOfTime(newest: Int64) {
        for ticksPerCell in TimeWindow.zoomLevels + [1, .max] {
            let window = TimeWindow.ending(at: newest, ticksPerCell: ticksPerCell, cells: 100)
            #expect(window.start >= 0)
            #expect(window.end >= window.start)
            var buffer = ScreenBuffer(width: 100, height: 1)
            TimeAxis(window: window, glyphs: .unicode).render(in: Rect(x: 0, y: 0, width: 100, height: 1), into: &buffer)
        }
    }
}

@MainActor @Suite struct ReplayAtTheEndOfTimeTests {
    /// A log whose last event lies at the latest time a log may hold: `G` goes there, and
    /// playing on at top speed for ages stays there. (At Int64.max, now refused by the
    /// reader, `G` once trapped in `sessionTime`.)
    @Test func seekingAndPlayingToTheLatestTimeDoNotTrap() async throws {
        let events = Fixture.events + [TaskEvent(time: Ticks.limit, task: 0, kind: .counter(name: "late", value: 1))]
        let log = try FixtureLog(events: events)
        defer { log.remove() }
        let clock = HandClock()
        let source = try ReplaySource(path: log.path, catalog: ScenarioInfo.catalog) { clock.nanos }
        var model = replayModel(source)
        pump(source, into: &model)
        // The log's end is found by a scan in the background.
        var looks = 0
        while source.facts?.total != Ticks.limit, looks < 1_000 {
            try await Task.sleep(for: .milliseconds(5))
            pump(source, into: &model)
            looks += 1
        }
        pump(source, into: &model)
        #expect(model.replay?.total == Ticks.limit)
        let effects = model.update(.key(.char("G")))
        #expect(effects == [.replaySeek(to: Ticks.limit)])
        for effect in effects { _ = source.perform(effect) }
        for _ in 0..<20 { pump(source, into: &model) }
        #expect(source.sessionTime == Ticks.limit)
        #expect(model.clock == Ticks.limit)
        _ = source.perform(.replaySpeed(1e300))
        _ = source.perform(.replayPlay(true))
        clock.advance(seconds: 1e9)
        pump(source, into: &model)
        #expect(model.clock == Ticks.limit)
        var buffer = ScreenBuffer(width: 120, height: 40)
        DashboardView(model: model, glyphs: .unicode).render(into: &buffer)
        source.stop()
    }
}
