import Testing
import TaskTrace
@testable import Dashboard

/// Every view against text: the screen buffer rendered as lines.
@Suite struct ViewSnapshotTests {
    func render(_ model: Model, _ glyphs: Glyphs = .unicode) -> ScreenBuffer {
        DashboardView(model: model, glyphs: glyphs).rendered(width: model.screenWidth, height: model.screenHeight)
    }

    @Test func dashboardAt120x40() {
        expectSnapshot(render(Fixture.model()), named: "dashboard-120x40")
    }

    @Test func dashboardInASCIIAt80x24() {
        expectSnapshot(render(Fixture.model(width: 80, height: 24), .ascii), named: "dashboard-ascii-80x24")
    }

    @Test func threadLanes() {
        var model = Fixture.model(width: 80, height: 24)
        _ = model.update(.key(.char("t")))
        expectSnapshot(render(model), named: "threads-80x24")
    }

    @Test func taskDetail() {
        var model = Fixture.model(width: 80, height: 30)
        _ = model.update(.key(.down))
        _ = model.update(.key(.enter))
        expectSnapshot(render(model), named: "detail-80x30")
    }

    @Test func helpOverlay() {
        var model = Fixture.model(width: 100, height: 40)
        _ = model.update(.key(.char("?")))
        expectSnapshot(render(model), named: "help-100x40")
    }

    @Test func scenarioPicker() {
        var model = Fixture.model(width: 80, height: 24)
        _ = model.update(.key(.char("s")))
        expectSnapshot(render(model), named: "picker-80x24")
    }

    @Test func layoutAt60x20() {
        expectSnapshot(render(Fixture.model(width: 60, height: 20)), named: "dashboard-60x20")
    }

    @Test func tooSmall20x6() {
        expectSnapshot(render(Fixture.model(width: 20, height: 6)), named: "too-small-20x6")
    }

    @Test func oneByOne() {
        let buffer = render(Fixture.model(width: 1, height: 1))
        #expect(buffer.lines.count == 1)
        #expect(buffer.lines[0].count == 1)
        expectSnapshot(buffer, named: "one-by-one")
    }

    @Test func zeroSizedScreenDrawsNothing() {
        #expect(render(Fixture.model(width: 0, height: 0)).lines.isEmpty)
    }

    /// A 40×8 timeline, checked against a literal: a picture a reader can see, not a snapshot file.
    @Test func timelineLiteral() {
        var model = Fixture.model(width: 40, height: 12)
        model.zoom = TimeWindow.zoomLevels.firstIndex(of: Ticks.perUnit / 5)!
        var buffer = ScreenBuffer(width: 40, height: 8)
        TimelineView(model: model, glyphs: .ascii).render(in: buffer.bounds, into: &buffer)
        #expect(buffer.text == """
            TASKS 6      '0        '2        '4
            >main       |>a---|a---|a--------*
              url_1     |>z---*
              url_2     |>z--------*
              url_3     |>z-------------!
              url_4     |>z------------------*
              worker_3  |  .W#q----x
            0.2 u/col  # run | brief = ready . new
            """)
    }
}
