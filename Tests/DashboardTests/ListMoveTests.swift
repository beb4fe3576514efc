import Testing
import TaskTrace
@testable import Dashboard

/// One selection arithmetic for the lanes, the task tree and the warnings pane: a row or
/// a page either way, or to an end, clamped to the list, and never a trap.
@Suite struct ListMoveTests {
    @Test func rowsAndEndsStayWithinTheList() {
        #expect(ListMove.next.index(from: 2, count: 5, page: 3) == 3)
        #expect(ListMove.previous.index(from: 2, count: 5, page: 3) == 1)
        #expect(ListMove.previous.index(from: 0, count: 5, page: 3) == 0)
        #expect(ListMove.next.index(from: 4, count: 5, page: 3) == 4)
        #expect(ListMove.first.index(from: 3, count: 5, page: 3) == 0)
        #expect(ListMove.last.index(from: 1, count: 5, page: 3) == 4)
    }

    @Test func pagesMoveByThePageAndStopAtTheEnds() {
        #expect(ListMove.pageDown.index(from: 1, count: 10, page: 4) == 5)
        #expect(ListMove.pageUp.index(from: 6, count: 10, page: 4) == 2)
        #expect(ListMove.pageDown.index(from: 8, count: 10, page: 4) == 9)
        #expect(ListMove.pageUp.index(from: 2, count: 10, page: 4) == 0)
        // A page is at least a row, however small the screen.
        #expect(ListMove.pageDown.index(from: 3, count: 10, page: 0) == 4)
        #expect(ListMove.pageUp.index(from: 3, count: 10, page: -7) == 2)
    }

    @Test func anEmptyListSelectsItsFirstRow() {
        for move in [ListMove.previous, .next, .pageUp, .pageDown, .first, .last] {
            #expect(move.index(from: 0, count: 0, page: 5) == 0)
            #expect(move.index(from: 3, count: 0, page: 5) == 0)
        }
    }

    @Test func aPlacePastTheEndMovesFromThere() {
        // A selected lane folded away keeps its place after the last lane: ↑ goes to the last.
        #expect(ListMove.previous.index(from: 5, count: 5, page: 3) == 4)
        #expect(ListMove.next.index(from: 5, count: 5, page: 3) == 4)
        #expect(ListMove.pageUp.index(from: 7, count: 5, page: 3) == 4)
    }

    @Test func extremeIndicesAndPagesSaturate() {
        #expect(ListMove.next.index(from: .max, count: 5, page: 3) == 4)
        #expect(ListMove.previous.index(from: .min, count: 5, page: 3) == 0)
        #expect(ListMove.pageDown.index(from: 3, count: 5, page: .max) == 4)
        #expect(ListMove.pageDown.index(from: .max, count: 5, page: .max) == 4)
        #expect(ListMove.pageUp.index(from: .min, count: 5, page: .max) == 0)
        #expect(ListMove.pageUp.index(from: 3, count: 5, page: .min) == 2)
    }

    @Test func keysAndActionsNameTheMoves() {
        #expect(ListMove(overlayKey: .up) == .previous)
        #expect(ListMove(overlayKey: .char("k")) == .previous)
        #expect(ListMove(overlayKey: .down) == .next)
        #expect(ListMove(overlayKey: .char("j")) == .next)
        #expect(ListMove(overlayKey: .pageUp) == .pageUp)
        #expect(ListMove(overlayKey: .pageDown) == .pageDown)
        #expect(ListMove(overlayKey: .home) == .first)
        #expect(ListMove(overlayKey: .end) == .last)
        #expect(ListMove(overlayKey: .char("g")) == nil)
        #expect(ListMove(overlayKey: .enter) == nil)
        #expect(ListMove(Action.up) == .previous)
        #expect(ListMove(Action.down) == .next)
        #expect(ListMove(Action.pageUp) == .pageUp)
        #expect(ListMove(Action.pageDown) == .pageDown)
        #expect(ListMove(Action.home) == .first)
        #expect(ListMove(Action.end) == .last)
        #expect(ListMove(Action.jumpToAction) == nil)
    }

    @Test func theLanesTheTreeAndTheWarningsPageAlike() {
        var model = Fixture.longModel()
        let page = model.pageRows
        #expect(page > 1 && page < 20)

        _ = model.update(.key(.home))
        _ = model.update(.key(.pageDown))
        #expect(model.selectedLaneIndex() == page)
        _ = model.update(.key(.end))
        #expect(model.selectedLaneIndex() == model.laneCount - 1)

        _ = model.update(.key(.char("T")))
        _ = model.update(.key(.home))
        _ = model.update(.key(.pageDown))
        #expect(model.overlay == .tree(selection: page))
        _ = model.update(.key(.char("k")))
        #expect(model.overlay == .tree(selection: page - 1))
        _ = model.update(.key(.end))
        #expect(model.overlay == .tree(selection: model.treeRows.count - 1))
        _ = model.update(.key(.escape))

        let lastWarning = model.warningList.count - 1
        #expect(lastWarning > page)
        _ = model.update(.key(.char("W")))
        // PgDn pages the warnings as it does the tree (it did nothing there before).
        _ = model.update(.key(.pageDown))
        #expect(model.overlay == .warnings(selection: page))
        _ = model.update(.key(.pageUp))
        #expect(model.overlay == .warnings(selection: 0))
        _ = model.update(.key(.end))
        #expect(model.overlay == .warnings(selection: lastWarning))
        _ = model.update(.key(.down))
        #expect(model.overlay == .warnings(selection: lastWarning))
    }
}
