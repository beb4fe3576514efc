import Foundation
import Testing
import TaskTrace
import Workloads
@testable import Dashboard
@testable import interleave

/// A session log of the fixture's events in a temporary file, removed by `remove()`.
struct FixtureLog {
    let path: String

    init(name: String = #function, events: [TaskEvent] = Fixture.events, extraLines: [String] = []) throws {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        path = NSTemporaryDirectory() + "interleave-replay-\(safe)-\(getpid()).jsonl"
        let writer = try SessionLogWriter(path: path, header: SessionHeader(
            scenario: "crawl-tasks", knobs: ["consumers": 2], seed: 1, time: .virtual, threads: 1))
        writer.write(events)
        if let error = writer.close() { throw error }
        if !extraLines.isEmpty {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            handle.seekToEndOfFile()
            handle.write(Data(extraLines.map { $0 + "\n" }.joined().utf8))
            try handle.close()
        }
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// The monotonic clock a test moves by hand.
@MainActor final class HandClock {
    var nanos: UInt64 = 1_000
    func advance(seconds: Double) { nanos += UInt64(seconds * 1e9) }
}

/// One frame of the runner's loop, without the terminal: rewind, events, end, tick.
@MainActor func pump(_ source: ReplaySource, into model: inout Model) {
    if source.takeRewind() { _ = model.update(.rewind) }
    let events = source.takeEvents()
    if !events.isEmpty { _ = model.update(.events(events)) }
    if source.isFinished, !model.sourceEnded { _ = model.update(.sourceEnded) }
    if let facts = source.facts { _ = model.update(.replayFacts(facts)) }
    _ = model.update(.tick(wall: 1, sessionTime: source.sessionTime))
}

/// The parts of the model a replay builds (the facts, not the view).
struct Facts: Equatable {
    var ledger: TaskLedger
    var log: LogBook
    var clock: Int64
    var ended: Bool
    init(_ model: Model) {
        ledger = model.ledger
        log = model.log
        clock = model.clock
        ended = model.sourceEnded
    }
}

@MainActor func replayModel(_ source: ReplaySource) -> Model {
    var model = Model(scenario: source.info, width: 120, height: 40)
    model.replay = ReplayState(file: source.path)
    return model
}

@Suite struct ReplayControlTests {
    static let u = Ticks.perUnit

    /// The fixture (events up to 4 u) as a replay of a 10-unit log, paused at 4 u.
    func model(follow: Bool = false) -> Model {
        var model = Fixture.model()
        model.replay = ReplayState(file: "logs/crawl.jsonl", follow: follow)
        _ = model.update(.replayFacts(ReplayFacts(start: 0, total: 10 * Self.u)))
        return model
    }

    @Test func spacePlaysAndPauses() {
        var model = model()
        #expect(model.update(.key(.char(" "))) == [.replayPlay(false)])
        #expect(model.replay?.playing == false)
        #expect(model.pausedAt == nil, "the view keeps following the playback position")
        #expect(model.update(.key(.char(" "))) == [.replayPlay(true)])
        #expect(model.replay?.playing == true)
    }

    @Test func speedStepsFromAQuarterToSixteen() {
        var model = model()
        #expect(model.update(.key(.char(">"))) == [.replaySpeed(2)])
        #expect(model.update(.key(.char("+"))) == [.replaySpeed(4)])
        _ = model.update(.key(.char(">")))
        #expect(model.update(.key(.char(">"))) == [.replaySpeed(16)])
        #expect(model.update(.key(.char(">"))) == [], "16x is the top")
        for _ in 0..<5 { _ = model.update(.key(.char("<"))) }
        #expect(model.replay?.speed == 0.5)
        #expect(model.update(.key(.char("-"))) == [.replaySpeed(0.25)])
        #expect(model.update(.key(.char("<"))) == [], "1/4x is the bottom")
    }

    @Test func stepPausesFirst() {
        var model = model()
        #expect(model.update(.key(.char("."))) == [.replayPlay(false), .replayStep])
        #expect(model.update(.key(.char("."))) == [.replayStep])
    }

    @Test func seekKeysJumpByTenthsAndToTheEnds() {
        var model = model()
        #expect(model.newest == 4 * Self.u)
        #expect(model.update(.key(.right)) == [.replaySeek(to: 5 * Self.u)])
        // Before the source gets there, a second press counts from where the first went.
        #expect(model.update(.key(.right)) == [.replaySeek(to: 6 * Self.u)])
        #expect(model.update(.key(.left)) == [.replaySeek(to: 5 * Self.u)])
        #expect(model.update(.key(.char("G"))) == [.replaySeek(to: 10 * Self.u)])
        #expect(model.update(.key(.right)) == [.replaySeek(to: 10 * Self.u)], "never past the end")
        #expect(model.update(.key(.char("g"))) == [.replaySeek(to: 0)])
        #expect(model.update(.key(.left)) == [.replaySeek(to: 0)], "never before the start")
        // Once the source's time reaches the target, seeks count from the model's time again.
        _ = model.update(.tick(wall: 2, sessionTime: 0))
        #expect(model.replay?.seekingTo == nil)
    }

    @Test func liveOnlyKeysDoNothingInReplay() {
        var model = model()
        for key: Key in [.char("r"), .char("R"), .char("s"), .char("1"), .tab] {
            #expect(model.update(.key(key)) == [], "\(key)")
        }
        #expect(model.overlay == .none)
        // Home/End still move through the lanes; g/G seek instead.
        _ = model.update(.key(.end))
        #expect(model.selectedTask == model.taskLanes().last)
    }

    @Test func followModeSpacePausesTheViewAndSeekingSaysWhy() {
        var model = model(follow: true)
        #expect(model.update(.key(.char(" "))) == [])
        #expect(model.pausedAt != nil)
        #expect(model.update(.key(.right)) == [])
        #expect(model.status?.contains("--follow") == true)
    }

    @Test func rewindKeepsTheViewAndForgetsTheFacts() {
        var model = model()
        _ = model.update(.key(.down))
        let selected = model.selectedTask
        model.zoom = 3
        _ = model.update(.rewind)
        #expect(model.ledger.tasks.isEmpty)
        #expect(model.log.lines.isEmpty)
        #expect(model.clock == 0)
        #expect(model.selectedTask == selected)
        #expect(model.zoom == 3)
    }
}

@Suite(.serialized) @MainActor struct ReplaySourceTests {
    static let u = Ticks.perUnit

    @Test func playsAtTheRecordedPaceAndSpeed() throws {
        let log = try FixtureLog()
        defer { log.remove() }
        let clock = HandClock()
        let source = try ReplaySource(path: log.path, catalog: ScenarioInfo.catalog) { clock.nanos }
        #expect(source.info.name == "crawl-tasks")
        var model = replayModel(source)
        pump(source, into: &model)
        #expect(model.clock == 0)
        #expect(model.ledger.tasks.count == 5, "the tasks spawned at 0")
        // Virtual time plays at one unit per second at 1x.
        clock.advance(seconds: 1.5)
        pump(source, into: &model)
        #expect(model.clock == 3 * Self.u / 2)
        _ = source.perform(.replaySpeed(4))
        clock.advance(seconds: 0.25)
        pump(source, into: &model)
        #expect(model.clock == 5 * Self.u / 2)
        _ = source.perform(.replayPlay(false))
        clock.advance(seconds: 5)
        pump(source, into: &model)
        #expect(model.clock == 5 * Self.u / 2, "paused: no time passes")
        source.stop()
    }

    @Test func stepDeliversOneEventAtATime() throws {
        let log = try FixtureLog()
        defer { log.remove() }
        let clock = HandClock()
        let source = try ReplaySource(path: log.path, catalog: ScenarioInfo.catalog) { clock.nanos }
        _ = source.perform(.replayPlay(false))
        var model = replayModel(source)
        pump(source, into: &model)
        let before = model.ledger.eventCount
        _ = source.perform(.replayStep)
        pump(source, into: &model)
        #expect(model.ledger.eventCount == before + 1)
        _ = source.perform(.replayStep)
        _ = source.perform(.replayStep)
        pump(source, into: &model)
        #expect(model.ledger.eventCount == before + 3)
        source.stop()
    }

    /// The model at T after a seek (back or forward) equals the model built by playing to T.
    @Test func seekingEqualsPlaying() throws {
        let log = try FixtureLog()
        defer { log.remove() }
        let target = 2 * Self.u + Self.u / 3

        let clockA = HandClock()
        let played = try ReplaySource(path: log.path, catalog: ScenarioInfo.catalog) { clockA.nanos }
        var playedModel = replayModel(played)
        for _ in 0..<7 {
            clockA.advance(seconds: Double(target) / 7 / 1e9)
            pump(played, into: &playedModel)
        }
        clockA.nanos = 1_000 + UInt64(target)
        pump(played, into: &playedModel)
        _ = played.perform(.replayPlay(false))
        #expect(playedModel.clock == target)

        // Forward from the start.
        let clockB = HandClock()
        let seeker = try ReplaySource(path: log.path, catalog: ScenarioInfo.catalog, eventsPerTake: 3) { clockB.nanos }
        _ = seeker.perform(.replayPlay(false))
        var seekModel = replayModel(seeker)
        _ = seeker.perform(.replaySeek(to: target))
        for _ in 0..<50 { pump(seeker, into: &seekModel) }
        #expect(Facts(seekModel) == Facts(playedModel))

        // To the end, then back: rebuilt from the start of the log.
        _ = seeker.perform(.replaySeek(to: 10 * Self.u))
        for _ in 0..<50 { pump(seeker, into: &seekModel) }
        #expect(seekModel.sourceEnded)
        #expect(seekModel.ledger.eventCount == Int64(Fixture.events.count))
        _ = seeker.perform(.replaySeek(to: target))
        for _ in 0..<50 { pump(seeker, into: &seekModel) }
        #expect(Facts(seekModel) == Facts(playedModel))
        played.stop()
        seeker.stop()
    }

    @Test func findsTheTotalAndStopsAtACorruptLine() async throws {
        let log = try FixtureLog(extraLines: [#"{"t":5000000000,"task":1,"k":"zap"}"#, #"{"t":6000000000,"task":0,"k":"threads","count":2}"#])
        defer { log.remove() }
        let clock = HandClock()
        let source = try ReplaySource(path: log.path, catalog: ScenarioInfo.catalog, batchSize: 4) { clock.nanos }
        var model = replayModel(source)
        var waited = 0
        while source.facts?.total == nil, waited < 500 {
            try await Task.sleep(for: .milliseconds(10))
            waited += 1
        }
        #expect(source.facts?.total == 4 * Self.u, "the last good event")
        let exact = try ReplaySource(path: log.path, catalog: ScenarioInfo.catalog, batchSize: 4096) { clock.nanos }
        var exactModel = replayModel(exact)
        clock.advance(seconds: 100)
        pump(exact, into: &exactModel)
        pump(exact, into: &exactModel)
        #expect(exactModel.ledger.eventCount == Int64(Fixture.events.count), "every good event in the failing batch")
        exact.stop()
        pump(source, into: &model)
        pump(source, into: &model)
        #expect(model.sourceEnded)
        #expect(model.ledger.eventCount == Int64(Fixture.events.count))
        #expect(model.replay?.error?.contains("unknown event kind 'zap'") == true)
        #expect(model.clock == 4 * Self.u)
        source.stop()
    }

    @Test func aBadLogFailsAtOpenWithOneLine() throws {
        let missing = NSTemporaryDirectory() + "interleave-no-such-log.jsonl"
        #expect(throws: SessionLogError.self) { _ = try ReplaySource(path: missing, catalog: []) }
        let log = try FixtureLog(events: [])
        defer { log.remove() }
        try Data(#"{"hello":1}"#.utf8).write(to: URL(fileURLWithPath: log.path))
        do {
            _ = try ReplaySource(path: log.path, catalog: [])
            Issue.record("opened a file that is not a log")
        } catch {
            #expect(error.kind == .notASessionLog)
            #expect(!error.description.contains("\n"))
        }
    }
}

@Suite @MainActor struct RecordingTests {
    @Test func recordsARunFromLaunchWithAHeaderAndEvents() async throws {
        let path = NSTemporaryDirectory() + "interleave-record-\(getpid()).jsonl"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let scenario = try Catalog.scenario(named: "crawl-tasks")
        let options = LiveRunOptions(scenarioName: scenario.name, threads: 1, time: .virtual, seed: 7, knobs: [:],
                                     recordPath: path)
        let control = ScenarioControl(scenario: scenario, options: options, recordPath: options.recordPath)
        // What the dashboard does with the run's events: takes them all, to the stream's end.
        for await batch in control.events { control.took(batch.count) }
        await control.stopAndFinishRecording()
        let status = try #require(control.recording)
        #expect(status.error == nil)
        #expect(!status.active)
        let reader = try SessionLogReader(path: path)
        #expect(reader.header.scenario == "crawl-tasks")
        #expect(reader.header.seed == 7)
        #expect(reader.header.time == .virtual)
        let events = try reader.readAll()
        #expect(Int64(events.count) == status.eventsWritten)
        var ledger = TaskLedger()
        ledger.apply(events)
        #expect(ledger.wallTime != nil, "the whole run, to the root task's end")
    }

    @Test func aFileThatCannotBeCreatedIsAnErrorNotACrash() throws {
        let scenario = try Catalog.scenario(named: "crawl-tasks")
        let options = LiveRunOptions(scenarioName: scenario.name, threads: 1, time: .virtual, seed: 1, knobs: [:])
        let control = ScenarioControl(scenario: scenario, options: options, recordPath: "/no/such/folder/run.jsonl")
        defer { control.stop() }
        let status = try #require(control.recording)
        #expect(status.error?.contains("folder does not exist") == true)
        #expect(!status.active)
    }

    @Test func defaultFileNameNamesTheScenarioAndTime() {
        var parts = tm()
        parts.tm_year = 125; parts.tm_mon = 0; parts.tm_mday = 2; parts.tm_hour = 3; parts.tm_min = 4; parts.tm_sec = 5
        parts.tm_isdst = -1
        let t = mktime(&parts)
        #expect(Recorder.defaultPath(scenario: "pipeline", at: t) == "interleave-pipeline-20250102-030405.jsonl")
    }

    @Test func preambleRebuildsTheRunSoFar() {
        let model = Fixture.model()
        var ledger = TaskLedger(historyLimit: Model.historyLimit)
        ledger.apply(model.recordingPreamble())
        #expect(ledger.tasks.map(\.name) == model.ledger.tasks.map(\.name))
        #expect(ledger.tasks.map(\.state) == model.ledger.tasks.map(\.state))
        #expect(ledger.knobs == model.ledger.knobs)
        #expect(ledger.threadCount == model.ledger.threadCount)
    }
}

@Suite struct ReplayViewTests {
    func header(_ model: Model, width: Int = 120) -> ScreenBuffer {
        var buffer = ScreenBuffer(width: width, height: 2)
        HeaderView(model: model, glyphs: .unicode).render(in: buffer.bounds, into: &buffer)
        return buffer
    }

    @Test func replayHeader() {
        var model = Fixture.model()
        model.replay = ReplayState(file: "logs/crawl-tasks.jsonl")
        _ = model.update(.replayFacts(ReplayFacts(start: 0, total: 10 * Ticks.perUnit)))
        _ = model.update(.key(.char(">")))
        _ = model.update(.key(.char(" ")))
        expectSnapshot(header(model), named: "replay-header-120")
    }

    @Test func replayHeaderWithAWarningAndAnError() {
        var model = Fixture.model()
        model.replay = ReplayState(file: "crawl.jsonl")
        _ = model.update(.replayFacts(ReplayFacts(start: 0, total: 4 * Ticks.perUnit,
                                                  warnings: ["crawl.jsonl:40: last line is incomplete"])))
        #expect(header(model).lines[1].contains("warning: crawl.jsonl:40: last line is incomplete"))
        _ = model.update(.replayFacts(ReplayFacts(start: 0, total: 4 * Ticks.perUnit,
                                                  error: "crawl.jsonl:41: field 'k': unknown event kind 'zap'")))
        let text = header(model).text
        #expect(text.contains("log error: crawl.jsonl:41"))
        #expect(text.contains("END"))
    }

    @Test func recordingIndicatorAndError() {
        var model = Fixture.model()
        _ = model.update(.recording(RecordingStatus(file: "/tmp/x/run\u{1B}[2J.jsonl", eventsWritten: 1234)))
        let line = header(model).lines[0]
        #expect(line.contains("REC run"))
        #expect(line.contains("1,234 ev"))
        #expect(!line.contains("\u{1B}"))
        _ = model.update(.recording(RecordingStatus(file: "run.jsonl", error: "run.jsonl: write failed: No space left on device (recording stopped)")))
        let buffer = header(model)
        #expect(buffer.lines[0].contains("not recording"))
        #expect(buffer.lines[1].contains("recording failed: run.jsonl: write failed: No space left on device"))
    }

    @Test func footerAndHelpShowReplayKeysOnlyInReplay() {
        var model = Fixture.model()
        var buffer = ScreenBuffer(width: 200, height: 1)
        Footer(model: model, glyphs: .unicode).render(in: buffer.bounds, into: &buffer)
        #expect(!buffer.lines[0].contains("</> speed"))
        #expect(buffer.lines[0].contains("r restart"))
        model.replay = ReplayState(file: "x.jsonl")
        buffer = ScreenBuffer(width: 200, height: 1)
        Footer(model: model, glyphs: .unicode).render(in: buffer.bounds, into: &buffer)
        #expect(buffer.lines[0].contains("Space play"))
        #expect(buffer.lines[0].contains("</> speed"))
        #expect(!buffer.lines[0].contains("r restart"))
        #expect(!buffer.lines[0].contains("Tab knob"))
    }
}

@Suite struct RecorderPathTests {
    @Test func anExistingRecordingIsNeverOverwritten() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("interleave-paths-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/run.jsonl"
        #expect(Recorder.unusedPath(path) == path)
        _ = FileManager.default.createFile(atPath: path, contents: Data("x".utf8))
        #expect(Recorder.unusedPath(path) == dir + "/run-2.jsonl")
        _ = FileManager.default.createFile(atPath: dir + "/run-2.jsonl", contents: Data("x".utf8))
        #expect(Recorder.unusedPath(path) == dir + "/run-3.jsonl")
    }
}
