/// Where a list's selection goes on a navigation key: a row or a page either way, or to
/// either end, never past the list's ends. The lanes, the task tree and the warnings pane
/// all move their selection with it, so the three lists clamp alike.
enum ListMove: Equatable, Sendable {
    case previous, next, pageUp, pageDown, first, last

    /// The move an overlay's list (the task tree, the warnings) makes on `key`: ↑ k, ↓ j,
    /// PgUp, PgDn, Home, End; nil for any other key. The lanes take theirs from the key
    /// table instead (`init?(_: Action)`), whose keys differ by mode.
    init?(overlayKey key: Key) {
        switch key {
        case .up, .char("k"): self = .previous
        case .down, .char("j"): self = .next
        case .pageUp: self = .pageUp
        case .pageDown: self = .pageDown
        case .home: self = .first
        case .end: self = .last
        default: return nil
        }
    }

    /// The lanes' move for a key-table action; nil for any other action.
    init?(_ action: Action) {
        switch action {
        case .up: self = .previous
        case .down: self = .next
        case .pageUp: self = .pageUp
        case .pageDown: self = .pageDown
        case .home: self = .first
        case .end: self = .last
        default: return nil
        }
    }

    /// The row the selection at `index` moves to in a list of `count` rows, `page` rows a
    /// page (at least one): within `0..<count`, 0 when the list is empty. `index` may lie
    /// past the end (a selected lane folded away keeps its place there): the move starts
    /// from it. Saturates rather than traps, whatever the screen's size.
    func index(from index: Int, count: Int, page: Int) -> Int {
        let last = max(0, count - 1)
        func by(_ delta: Int) -> Int {
            let (sum, overflow) = index.addingReportingOverflow(delta)
            return overflow ? (delta > 0 ? .max : .min) : sum
        }
        let target = switch self {
        case .previous: by(-1)
        case .next: by(1)
        case .pageUp: by(-max(1, page))
        case .pageDown: by(max(1, page))
        case .first: 0
        case .last: last
        }
        return min(max(0, target), last)
    }
}
