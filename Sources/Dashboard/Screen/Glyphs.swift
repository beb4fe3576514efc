import TaskTrace

/// The characters the views draw with: box drawing and blocks on a UTF-8 terminal, plain
/// ASCII otherwise. Every task state has its own character, so lanes read in monochrome.
public struct Glyphs: Sendable, Equatable {
    public var running: Unicode.Scalar
    /// The task ran for less than half of this cell's time (every slice, in virtual time).
    public var brief: Unicode.Scalar
    public var ready: Unicode.Scalar
    /// Created, not started yet.
    public var pending: Unicode.Scalar
    /// Continues a suspension after the cell that names its reason.
    public var suspended: Unicode.Scalar
    public var compacted: Unicode.Scalar
    public var start: Unicode.Scalar
    public var completed: Unicode.Scalar
    public var cancelled: Unicode.Scalar
    public var failed: Unicode.Scalar
    public var horizontal: Unicode.Scalar
    public var vertical: Unicode.Scalar
    public var topLeft: Unicode.Scalar
    public var topRight: Unicode.Scalar
    public var bottomLeft: Unicode.Scalar
    public var bottomRight: Unicode.Scalar
    public var tick: Unicode.Scalar
    public var selection: Unicode.Scalar
    public var ellipsis: String
    public var separator: String
    public var bullet: String
    public var upDown: String
    public var leftRight: String
    public var isASCII: Bool

    public static let unicode = Glyphs(
        running: "█", brief: "│", ready: "▒", pending: "·", suspended: "─", compacted: "~",
        start: "▶", completed: "✓", cancelled: "✗", failed: "!",
        horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
        tick: "┊", selection: "▸", ellipsis: "…", separator: " │ ", bullet: "·", upDown: "↑↓", leftRight: "←→",
        isASCII: false)

    public static let ascii = Glyphs(
        running: "#", brief: "|", ready: "=", pending: ".", suspended: "-", compacted: "~",
        start: ">", completed: "*", cancelled: "x", failed: "!",
        horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
        tick: "'", selection: ">", ellipsis: "~", separator: " | ", bullet: "-", upDown: "Up/Dn", leftRight: "Lt/Rt",
        isASCII: true)

    /// The letter that opens a suspension of this kind on a lane.
    public func reason(_ category: SuspendReason.Category) -> Unicode.Scalar { category.letter }

    public static func role(_ category: SuspendReason.Category) -> Style.Role {
        switch category {
        case .sleep: .sleep
        case .queueGet, .queuePut: .queue
        case .semaphore: .semaphore
        case .awaiting, .continuation: .awaiting
        case .hop, .yield: .yield
        case .knob: .dim
        case .other: .other
        }
    }
}

extension Glyphs {
    /// Our own labels (arrows, ellipses) spelled in ASCII when the terminal has no UTF-8.
    public func text(_ s: String) -> String {
        guard isASCII else { return s }
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "→": out += "Right"
            case "←": out += "Left"
            case "↑": out += "Up"
            case "↓": out += "Down"
            case "…": out += ".."
            case "×": out += "x"
            default: out.unicodeScalars.append(scalar.isASCII ? scalar : "?")
            }
        }
        return out
    }
}
