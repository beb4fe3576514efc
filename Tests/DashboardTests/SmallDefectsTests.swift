import Testing
import TaskTrace
import Workloads
@testable import Dashboard
@testable import interleave

/// The walkthrough's smaller defects, each pinned: the footer gives way by priority, the
/// header drops whole words, the help lists every bound key, the picker numbers them all.
@Suite struct SmallDefectsTests {
    func footer(_ model: Model, width: Int) -> String { Fixture.footer(model, width: width) }

    @Test func theFooterDropsLowPriorityKeysFirstNeverQuitOrHelp() {
        let model = Fixture.model()
        let wide = footer(model, width: 120)
        for hint in ["q quit", "? help", "Space pause", "r restart", "R rec", "s scenario"] {
            #expect(wide.contains(hint), "\(hint) at 120: \(wide)")
        }
        for width in [20, 30, 60, 80] {
            let line = footer(model, width: width)
            #expect(line.contains("q quit") && line.contains("? help"), "at \(width): \(line)")
        }
    }

    @Test func theHeaderShortensWholeWords() {
        for width in 60...100 {
            var model = Fixture.model(width: width, height: 24)
            var buffer = ScreenBuffer(width: width, height: 2)
            HeaderView(model: model, glyphs: .unicode).render(in: buffer.bounds, into: &buffer)
            let row = buffer.lines[1].trimmingCharacters(in: .whitespaces)
            let words = row.split(separator: " ").map(String.init)
            #expect(!words.contains { ["droppe", "dropp", "drop", "even", "event", "ev/"].contains($0) }, "at \(width): \(row)")
            // Dropped events are never hidden while there are any (and the counts leave room).
            guard width >= 64 else { continue }
            model.ledger.apply(TaskEvent(time: 0, task: 0, kind: .dropped(count: 7)))
            buffer = ScreenBuffer(width: width, height: 2)
            HeaderView(model: model, glyphs: .unicode).render(in: buffer.bounds, into: &buffer)
            #expect(buffer.lines[1].contains("dropped 7"), "at \(width): \(buffer.lines[1])")
        }
    }

    @Test func theHelpListsEveryBoundKey() {
        for mode in [KeyModes.live, .replay] {
            for row in KeyTable.rows(for: mode) where row.action != .scenarioNumber {
                let names = row.label.split(separator: " ").map(String.init)
                for key in row.keys {
                    #expect(names.contains(KeyTable.name(of: key)), "\(row.label) lacks \(KeyTable.name(of: key))")
                }
            }
        }
    }

    @Test func thePickerNumbersEveryScenarioAndTwoDigitsChooseThem() {
        var model = Model(scenario: Fixture.info, catalog: Catalog.all.map(\.name), width: 100, height: 40)
        var buffer = ScreenBuffer(width: 100, height: 40)
        _ = model.update(.key(.char("s")))
        guard case let .picker(selection) = model.overlay else { Issue.record("no picker"); return }
        PickerOverlay(model: model, glyphs: .unicode, selection: selection, summaries: [:])
            .render(in: buffer.bounds, into: &buffer)
        let count = Catalog.all.count
        #expect(count > 9)
        for (index, name) in Catalog.all.map(\.name).enumerated() {
            let number = index + 1 < 10 ? " \(index + 1)" : "\(index + 1)"
            #expect(buffer.text.contains("\(number) \(name)"), "\(number) \(name)")
        }
        // `1` could begin 10…14: it selects and waits; `2` then runs scenario 12.
        #expect(model.update(.key(.char("1"))) == [])
        #expect(model.overlay == .picker(selection: 0))
        #expect(model.update(.key(.char("2"))) == [.switchScenario(Catalog.all[11].name)])
        // A digit no second digit could extend runs at once.
        _ = model.update(.key(.char("s")))
        #expect(model.update(.key(.char("3"))) == [.switchScenario(Catalog.all[2].name)])
    }

    @Test func replayKnobsComeFromTheHeaderAfterSeekingBack() {
        let header = SessionHeader(scenario: "pipeline", knobs: ["consumers": 5, "capacity": 9], time: .virtual, threads: 1)
        var model = Model(scenario: ScenarioInfo(header: header, catalog: ScenarioInfo.catalog))
        model.replay = ReplayState(file: "p.jsonl")
        _ = model.update(.events([TaskEvent(time: 0, task: 0, kind: .knob(name: "consumers", value: 6))]))
        #expect(model.knobValue("consumers") == 6)
        _ = model.update(.rewind)     // what `g` does: the log is read again from its start
        #expect(model.knobValue("consumers") == 5)
        #expect(model.knobValue("capacity") == 9)
    }


    @Test func theKnobSupervisorsLaneIsMarkedAsInterleavesOwn() {
        var model = Model(scenario: Fixture.info, width: 100, height: 30)
        _ = model.update(.events([
            TaskEvent(time: 0, task: 1, kind: .spawn(name: "main", parent: 0)),
            TaskEvent(time: 0, task: 2, kind: .spawn(name: MachineryTaskName.knobSupervisor, parent: 1)),
            TaskEvent(time: 0, task: 2, kind: .start(thread: 0, readyWait: 0)),
            TaskEvent(time: 0, task: 2, kind: .suspend(.knob)),
        ]))
        _ = model.update(.tick(wall: 1, sessionTime: Ticks.perUnit))
        let buffer = DashboardView(model: model, glyphs: .unicode).rendered(width: 100, height: 30)
        let y = buffer.lines.firstIndex { $0.contains(MachineryTaskName.knobSupervisor) }!
        let x = buffer.lines[y].range(of: "interleave").map { buffer.lines[y].distance(from: buffer.lines[y].startIndex, to: $0.lowerBound) }!
        #expect(buffer[x, y].style.role == .dim)
        let main = buffer.lines.firstIndex { $0.contains("main") && $0.contains("│") }!
        #expect(buffer[3, main].style.role != .dim)
    }

    /// The LOG title counts the printed lines and says the wall time's row is there too
    /// (it said "LOG 1 line" over two rows).
    @Test func theLogTitleSaysTheWallTimeRowIsNoPrintedLine() {
        let model = Fixture.model()
        var buffer = ScreenBuffer(width: 100, height: 9)
        LogPane(model: model, glyphs: .unicode).render(in: buffer.bounds, into: &buffer)
        let title = buffer.lines[0]
        #expect(title.contains("LOG \(model.log.total) line\(model.log.total == 1 ? "" : "s") + wall time"), "\(title)")
        #expect(buffer.text.contains("Wall time: 4 units"))
    }

    /// The environment the dashboard reads is in `--help`, not only in the source.
    @Test func theHelpNamesTheEnvironmentVariables() {
        let help = Interleave.helpMessage(columns: 100)
        for name in ["INTERLEAVE_ASCII=1", "NO_COLOR", "INTERLEAVE_AGENT"] {
            #expect(help.contains(name), "\(help)")
        }
    }
}
