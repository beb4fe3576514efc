/// Where each part of the screen goes for a given size. `update` uses it too, to know how
/// many lanes fit when it scrolls.
public struct Layout: Equatable, Sendable {
    public static let minWidth = 40
    public static let minHeight = 12

    public var screen: Rect
    public var tooSmall: Bool
    public var header = Rect(x: 0, y: 0, width: 0, height: 0)
    public var knobs = Rect(x: 0, y: 0, width: 0, height: 0)
    public var timeline = Rect(x: 0, y: 0, width: 0, height: 0)
    public var log = Rect(x: 0, y: 0, width: 0, height: 0)
    public var footer = Rect(x: 0, y: 0, width: 0, height: 0)
    /// Inside the timeline: the time axis row, the lanes, and the legend row (may be empty).
    public var axis = Rect(x: 0, y: 0, width: 0, height: 0)
    public var lanes = Rect(x: 0, y: 0, width: 0, height: 0)
    public var legend = Rect(x: 0, y: 0, width: 0, height: 0)
    public var labelWidth = 0

    public init(width: Int, height: Int) {
        screen = Rect(x: 0, y: 0, width: width, height: height)
        tooSmall = width < Layout.minWidth || height < Layout.minHeight
        guard !tooSmall else { return }
        var rest = screen
        (header, rest) = rest.splitTop(2)
        (knobs, rest) = rest.splitTop(1)
        (rest, footer) = rest.splitBottom(1)
        let logRows = height >= 36 ? 9 : height >= 24 ? 6 : height >= 16 ? 4 : 0
        (timeline, log) = rest.splitBottom(logRows)
        (axis, lanes, legend) = Layout.timelineParts(of: timeline)
        labelWidth = width >= 100 ? 22 : max(12, width / 5)
    }

    /// Columns of the timeline given to time (the rest holds the lane labels).
    public var laneCells: Int { max(1, lanes.width - labelWidth - 1) }

    /// Where the overlays (help, picker, task tree, warnings) are drawn: all but the footer.
    public var overlayArea: Rect { screen.splitBottom(1).rest }
}
