import TraceModel

/// The one place the model changes. Pure: no I/O, no clock reads; what must happen in the
/// world comes back as effects for the runner.
extension Model {
    public mutating func update(_ msg: Msg) -> [Effect] {
        switch msg {
        case let .reset(info):
            reset(to: info)
        case let .events(batch):
            for event in batch {
                ledger.apply(event)
                if stepWatch != nil { watchStep(event) }
                warnings.apply(event)
                if case let .message(text) = event.kind {
                    log.append(LogBook.Line(time: event.time, task: event.task, text: text))
                }
            }
        case let .tick(wall, sessionTime):
            self.wall = wall
            clock = max(clock, ledger.now, sourceEnded ? 0 : (sessionTime ?? 0))
            rate.update(wall: wall, count: ledger.eventCount)
            if let target = replay?.seekingTo, let sessionTime, sessionTime >= target { replay?.seekingTo = nil }
            // Timed from this tick, not from when it was set: after a long idle (no ticks),
            // the model's last wall time is long past, and the status would go unseen.
            if status != nil {
                if let until = statusUntil {
                    if wall >= until { status = nil }
                } else {
                    statusUntil = wall &+ 4_000_000_000
                }
            }
            // Lanes fold and unfold as time moves: the selected one stays on screen. A paused
            // view's window stands still, so nothing folds (a task spawned meanwhile only adds
            // a lane after the rest): the lanes are not worked out again every frame.
            if selectedTask != nil, mode == .tasks, pausedAt == nil { keepSelectionVisible() }
        case let .resize(width, height):
            screenWidth = max(0, width)
            screenHeight = max(0, height)
            keepSelectionVisible()
        case .rewind:
            rewind()
        case let .replayFacts(facts):
            replay?.start = facts.start
            replay?.total = facts.total
            replay?.warnings = facts.warnings
            replay?.error = facts.error
            replay?.cutShort = facts.cutShort
        case let .recording(status):
            recording = status
        case .sourceEnded:
            sourceEnded = true
            replay?.seekingTo = nil
            clock = max(clock, ledger.now)
            if scenario.isProgram {
                zoomToFit()
                // Replaces a line about the running program ("sent SIGINT…"), now out of date.
                _ = update(.status("the program has ended; q quits"))
            }
        case let .sourceFailed(line):
            return [.fail(line)]
        case let .status(text):
            status = text
            statusUntil = nil
        case let .key(key):
            return handle(key)
        }
        return []
    }

    private mutating func reset(to info: ScenarioInfo) {
        scenario = info
        rewind()
        pausedAt = nil
        worldFrozen = false
        stepWatch = nil
        selectedTask = nil
        selectedThread = 0
        laneOffset = 0
        knobIndex = min(knobIndex, knobNames.count - 1)
        if case .picker = overlay { overlay = .none }
        if overlay == .detail { overlay = .none }
        closeTreeAndWarnings()
    }

    /// Forgets the session's facts and keeps the view.
    private mutating func rewind() {
        ledger = Model.makeLedger()
        log = LogBook()
        clock = 0
        sourceEnded = false
        rate = EventRate()
        warnings = Warnings(thresholds: warningThresholds, scale: scenario.warningScale)
    }

    // MARK: Keys

    private mutating func handle(_ key: Key) -> [Effect] {
        if key == .control("c") || key == .function(10) { return [.quit] }
        if editingFilter { editFilter(key); return [] }
        switch overlay {
        case let .help(scroll):
            if [.escape, .enter, .char("?"), .char("q"), .function(1)].contains(key) {
                overlay = .none
            } else if let move = ListMove(overlayKey: key) {
                overlay = .help(scroll: HelpOverlay.scrolled(scroll, by: move, in: layout.overlayArea, mode: keyMode))
            }
            return []
        case let .picker(selection):
            return pick(key, selection: selection)
        case .detail:
            if key == .escape || key == .enter { overlay = .none; return [] }
        case let .tree(selection):
            treeKey(key, selection: selection)
            return []
        case let .warnings(selection):
            warningsKey(key, selection: selection)
            return []
        case .none:
            break
        }
        guard let action = KeyTable.action(for: key, in: keyMode) else { return [] }
        return perform(action, key: key)
    }

    private mutating func perform(_ action: Action, key: Key) -> [Effect] {
        switch action {
        case .quit: return [.quit]
        case .help: overlay = .help(scroll: 0)
        case .togglePause: return togglePause()
        case .stepSlice: return stepSlice()
        case .nextKnob: knobIndex = (knobIndex + 1) % knobNames.count
        case .previousKnob: knobIndex = (knobIndex + knobNames.count - 1) % knobNames.count
        case .increase: return nudgeSelectedKnob(by: 1)
        case .decrease: return nudgeSelectedKnob(by: -1)
        case .toggleLanes:
            mode = mode == .tasks ? .threads : .tasks
            laneOffset = 0
            keepSelectionVisible()
        case .zoomIn:
            zoom = max(0, zoom - 1)
            keepSelectionVisible()
        case .zoomOut:
            zoom = min(TimeWindow.zoomLevels.count - 1, zoom + 1)
            keepSelectionVisible()
        case .panBack:
            let span = window.end.saturatingSubtract(window.start)
            pausedAt = max(0, (pausedAt ?? newest).saturatingSubtract(span / 4))
            keepSelectionVisible()
        case .panForward:
            if let paused = pausedAt {
                let next = paused.saturatingAdd(window.end.saturatingSubtract(window.start) / 4)
                pausedAt = next >= newest ? nil : next
            }
            keepSelectionVisible()
        case .jumpToAction: jumpToAction()
        case .up, .down, .pageUp, .pageDown, .home, .end:
            if let move = ListMove(action) { moveSelection(move) }
        case .openDetail: if laneCount > 0 { overlay = .detail }
        case .back:
            if overlay != .none { overlay = .none } else if !filter.isEmpty { filter = "" }
        case .filter: editingFilter = true
        case .toggleFold:
            foldFinished.toggle()
            keepSelectionVisible()
        case .restart: return [.restart]
        case .picker:
            pickerTyped = ""
            overlay = .picker(selection: catalog.firstIndex(of: scenario.name) ?? 0)
        case .scenarioNumber:
            if case let .char(c) = key, let n = c.wholeNumberValue, n >= 1, n <= catalog.count {
                return [.switchScenario(catalog[n - 1])]
            }
        case .record: return record()
        case .taskTree: openTree()
        case .warnings: overlay = .warnings(selection: 0)
        case .playPause, .slower, .faster, .stepEvent, .seekBack, .seekForward, .seekStart, .seekEnd:
            return replayControl(action)
        }
        return []
    }

    /// Replay controls: the model keeps their state and says what the source must do.
    private mutating func replayControl(_ action: Action) -> [Effect] {
        guard var state = replay else { return [] }
        if state.follow {
            if action == .playPause {
                pausedAt = pausedAt == nil ? newest : nil
            } else {
                _ = update(.status("following a growing log: seeking and speed need a replay without --follow"))
            }
            return []
        }
        defer { replay = state }
        let position = state.seekingTo ?? newest
        let end = state.total ?? position
        let jump = state.total.map { max($0.saturatingSubtract(state.start) / 10, 1) } ?? 5 * Ticks.perUnit
        switch action {
        case .playPause:
            state.playing.toggle()
            return [.replayPlay(state.playing)]
        case .slower, .faster:
            let next = state.speedIndex + (action == .faster ? 1 : -1)
            guard ReplayState.speeds.indices.contains(next) else { return [] }
            state.speedIndex = next
            return [.replaySpeed(state.speed)]
        case .stepEvent:
            if state.playing {
                state.playing = false
                return [.replayPlay(false), .replayStep]
            }
            return [.replayStep]
        case .seekBack, .seekForward, .seekStart, .seekEnd:
            let target = switch action {
            case .seekBack: max(state.start, position.saturatingSubtract(jump))
            case .seekForward: state.total.map { min($0, position.saturatingAdd(jump)) } ?? position.saturatingAdd(jump)
            case .seekStart: state.start
            default: end
            }
            state.seekingTo = target
            return [.replaySeek(to: target)]
        default: return []
        }
    }

    /// `R`: starts or stops recording; a scenario run that has ended has nothing left to
    /// record (a file now would hold only its folded state, every event at one time), so it
    /// says how to record the run again instead.
    private mutating func record() -> [Effect] {
        if sourceEnded, replay == nil, recording?.active != true {
            _ = update(.status("the run has ended: r restarts it, then R records it"))
            return []
        }
        return [.toggleRecording]
    }

    private func nudgeSelectedKnob(by steps: Int) -> [Effect] {
        [.nudgeKnob(name: selectedKnob, steps: steps)]
    }

    private mutating func editFilter(_ key: Key) {
        switch key {
        case .enter: editingFilter = false
        case .escape: filter = ""; editingFilter = false
        case .backspace, .delete: if !filter.isEmpty { filter.removeLast() }
        case let .char(c): if filter.count < 40 { filter.append(c) }
        default: break
        }
        laneOffset = 0
    }

    private mutating func pick(_ key: Key, selection: Int) -> [Effect] {
        let count = catalog.count
        switch key {
        case .up, .char("k"): overlay = .picker(selection: max(0, selection - 1))
        case .down, .char("j"): overlay = .picker(selection: min(max(0, count - 1), selection + 1))
        case .escape, .char("q"), .char("s"): overlay = .none
        case .enter:
            overlay = .none
            if catalog.indices.contains(selection) { return [.switchScenario(catalog[selection])] }
        case let .char(c):
            // Digits choose by number: one that no further digit could extend runs at once,
            // one that could (`1` of `12`) is selected and waits for Enter or the next digit.
            guard let digit = c.wholeNumberValue else { break }
            let typed = pickerTyped + String(digit)
            guard let n = [Int(typed), digit].compactMap({ $0 }).first(where: { (1...count).contains($0) }) else { break }
            pickerTyped = n == digit && typed != String(digit) ? String(digit) : typed
            if n * 10 > count {
                overlay = .none
                pickerTyped = ""
                return [.switchScenario(catalog[n - 1])]
            }
            overlay = .picker(selection: n - 1)
        default: break
        }
        return []
    }

    // MARK: Selection and scrolling

    private mutating func moveSelection(_ move: ListMove) {
        switch mode {
        case .tasks:
            let lanes = taskLanes()
            guard !lanes.isEmpty else { return }
            selectedTask = lanes[move.index(from: selectedLaneIndex(in: lanes), count: lanes.count, page: pageRows)]
        case .threads:
            let count = threadLaneCount
            guard count > 0 else { return }
            selectedThread = move.index(from: selectedThread, count: count, page: pageRows)
        }
        keepSelectionVisible()
    }

    /// Rows a PgUp or PgDn moves, in the lanes and the lists over them: a screenful less
    /// one, so the row at the edge stays in view.
    var pageRows: Int { max(1, layout.lanes.height - 1) }

    /// Scrolls so the selected lane is on screen, and never past the last lane.
    mutating func keepSelectionVisible() {
        let rows = max(1, layout.lanes.height)
        let lanes = mode == .tasks ? taskLanes() : nil
        let count = lanes?.count ?? threadLaneCount
        let index = selectedLaneIndex(in: lanes)
        if index < laneOffset { laneOffset = index }
        if index >= laneOffset + rows { laneOffset = index - rows + 1 }
        laneOffset = max(0, min(laneOffset, count - rows))
    }
}
