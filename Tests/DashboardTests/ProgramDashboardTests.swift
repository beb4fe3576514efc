import Testing
import TaskTrace
@testable import Dashboard

/// The dashboard of `interleave exec`: what it says about the program it watches.
@Suite struct ProgramDashboardTests {
    func programModel() -> Model {
        var info = Fixture.info
        info.isProgram = true
        info.time = .real(speed: 1)
        return Model(scenario: info, width: 120, height: 30)
    }

    func footer(_ model: Model) -> String { Fixture.footer(model, width: 120) }

    @Test func theFooterSaysQuitEndsARunningProgramAndOnlyQuitsOnceItEnded() {
        var model = programModel()
        #expect(footer(model).contains("q quit (ends program)"))
        _ = model.update(.sourceEnded)
        _ = model.update(.status("x"))
        _ = model.update(.tick(wall: 1, sessionTime: nil))
        _ = model.update(.tick(wall: 5_000_000_000, sessionTime: nil))
        #expect(model.status == nil)
        #expect(footer(model).contains(" q quit "))
        #expect(!footer(model).contains("ends program"))
    }

    @Test func theHelpSaysQuitEndsTheProgramGently() {
        let row = KeyTable.rows(for: .program).first { $0.action == .quit }
        #expect(row?.help.contains("SIGTERM") == true)
    }

    /// Space cannot freeze a program traced from outside: its help says what it does.
    @Test func theHelpSaysSpacePausesOnlyTheView() {
        let row = KeyTable.rows(for: .program).first { $0.action == .togglePause }
        #expect(row?.help == "pause / follow the view (the program runs on)")
        #expect(footer(programModel()).contains("Space pause view (program runs on)"))
    }

    @Test func aLineAboutTheRunningProgramGoesWhenItEnds() {
        var model = programModel()
        _ = model.update(.status("sent SIGINT to the program; Ctrl-C again ends it"))
        _ = model.update(.sourceEnded)
        #expect(model.status == "the program has ended; q quits")
    }
}

/// `R` once a scenario run has ended, and the header while recording to a long file name.
@Suite struct RecordAfterTheEndTests {
    @Test func rOnAnEndedRunWritesNothingAndSaysHowToRecord() {
        var model = Fixture.model()
        #expect(model.sourceEnded)
        #expect(model.update(.key(.char("R"))) == [])
        #expect(model.status == "the run has ended: r restarts it, then R records it")
        // A recording still open when the run ended can be stopped.
        model.recording = RecordingStatus(file: "a.jsonl")
        #expect(model.update(.key(.char("R"))) == [.toggleRecording])
        var running = Fixture.model()
        running.sourceEnded = false
        #expect(running.update(.key(.char("R"))) == [.toggleRecording])
    }

    @Test func aLongRecordingFileNameGivesWayBeforeTheTimeAndTheRecIndicator() {
        var model = Fixture.model()
        model.sourceEnded = false
        model.recording = RecordingStatus(file: "/tmp/interleave-workers-cancel-20261202-080504.jsonl", eventsWritten: 11)
        var buffer = ScreenBuffer(width: 120, height: 2)
        HeaderView(model: model, glyphs: .unicode).render(in: buffer.bounds, into: &buffer)
        let line = buffer.lines[0]
        #expect(line.contains("REC 11 ev"), "\(line)")
        #expect(line.contains("t 4 u") && line.contains("virtual time") && line.contains("following"), "\(line)")
    }
}
