extension Style {
    /// The attributes a terminal shows this style with. In colour, finished and failed
    /// states and titles are bold, the faint ones dim; in monochrome, glyphs tell states
    /// apart and attributes carry the emphasis colour would.
    func terminalAttributes(color: Bool) -> Attributes {
        var flags = attributes
        if color {
            if [.completed, .failed, .title].contains(role) { flags.insert(.bold) }
            if [.pending, .compacted, .dim].contains(role) { flags.insert(.dim) }
        } else {
            switch role {
            case .pending, .compacted, .dim: flags.insert(.dim)
            case .failed, .warning, .label, .running: flags.insert(.bold)
            default: break
            }
        }
        return flags
    }
}
