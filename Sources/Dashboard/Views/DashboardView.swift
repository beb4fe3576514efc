/// The whole screen: header, knob bar, timeline, log, footer, and any open overlay.
public struct DashboardView {
    public var model: Model
    public var glyphs: Glyphs
    /// Scenario summaries for the picker, by name.
    public var summaries: [String: String]

    public init(model: Model, glyphs: Glyphs, summaries: [String: String] = [:]) {
        self.model = model
        self.glyphs = glyphs
        self.summaries = summaries
    }

    public func render(into buffer: inout ScreenBuffer) {
        let layout = Layout(width: buffer.width, height: buffer.height)
        buffer.fill(buffer.bounds)
        if layout.tooSmall {
            TooSmallView(width: buffer.width, height: buffer.height).render(in: buffer.bounds, into: &buffer)
            return
        }
        // The warnings as of now, made once a frame (a report sorts and words them all).
        let warnings = model.warningList
        HeaderView(model: model, glyphs: glyphs, warnings: warnings).render(in: layout.header, into: &buffer)
        KnobBar(model: model, glyphs: glyphs).render(in: layout.knobs, into: &buffer)
        TimelineView(model: model, glyphs: glyphs, warnings: warnings).render(in: layout.timeline, into: &buffer)
        LogPane(model: model, glyphs: glyphs).render(in: layout.log, into: &buffer)
        Footer(model: model, glyphs: glyphs).render(in: layout.footer, into: &buffer)
        switch model.overlay {
        case .none: break
        case let .help(scroll): HelpOverlay(glyphs: glyphs, mode: model.keyMode, scroll: scroll).render(in: layout.overlayArea, into: &buffer)
        case .detail: DetailView(model: model, glyphs: glyphs).render(in: layout.timeline, into: &buffer)
        case let .tree(selection):
            TaskTreeOverlay(model: model, glyphs: glyphs, selection: selection).render(in: layout.overlayArea, into: &buffer)
        case let .warnings(selection):
            WarningsOverlay(model: model, glyphs: glyphs, selection: selection, warnings: warnings).render(in: layout.overlayArea, into: &buffer)
        case let .picker(selection):
            PickerOverlay(model: model, glyphs: glyphs, selection: selection, summaries: summaries)
                .render(in: layout.overlayArea, into: &buffer)
        }
    }

    /// A fresh buffer of the given size with the dashboard drawn in it.
    public func rendered(width: Int, height: Int) -> ScreenBuffer {
        var buffer = ScreenBuffer(width: width, height: height)
        render(into: &buffer)
        return buffer
    }
}
