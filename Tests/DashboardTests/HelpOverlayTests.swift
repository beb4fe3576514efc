import Testing
import TaskTrace
@testable import Dashboard

/// The key help on a screen too short for it: it scrolls like a pager and says it is cut.
@Suite struct HelpOverlayTests {
    func screen(_ model: Model) -> String {
        DashboardView(model: model, glyphs: .unicode).rendered(width: model.screenWidth, height: model.screenHeight).text
    }

    @Test func aShortScreenShowsThatTheListGoesOnAndScrollsToItsEnd() {
        var model = Fixture.model(width: 70, height: 20)
        _ = model.update(.key(.char("?")))
        var text = screen(model)
        #expect(text.contains("q F10 ^C"))
        #expect(!text.contains("compacted"))
        #expect(text.contains("↓ PgDn more"))

        _ = model.update(.key(.pageDown))
        text = screen(model)
        #expect(!text.contains("q F10 ^C"))
        _ = model.update(.key(.end))
        text = screen(model)
        #expect(text.contains("compacted"))
        #expect(text.contains("↑ PgUp back"))
        #expect(!text.contains("more"))
        // Past the end does nothing; Home returns to the top; ↓ and ↑ move a line.
        let end = model.overlay
        _ = model.update(.key(.down))
        #expect(model.overlay == end)
        _ = model.update(.key(.home))
        #expect(model.overlay == .help(scroll: 0))
        _ = model.update(.key(.down))
        #expect(model.overlay == .help(scroll: 1))
        _ = model.update(.key(.up))
        #expect(model.overlay == .help(scroll: 0))
        _ = model.update(.key(.escape))
        #expect(model.overlay == .none)
    }

    @Test func aTallScreenShowsItAllWithoutAMark() {
        var model = Fixture.model(width: 100, height: 60)
        _ = model.update(.key(.char("?")))
        let text = screen(model)
        #expect(text.contains("q F10 ^C") && text.contains("compacted"))
        #expect(!text.contains("PgDn more"))
        _ = model.update(.key(.pageDown))
        #expect(model.overlay == .help(scroll: 0))
    }
}
