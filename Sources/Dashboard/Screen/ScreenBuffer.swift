/// The whole screen as cells in memory. Views draw here, tests read `lines`, and the
/// terminal backend copies only the cells that changed since the last frame.
public struct ScreenBuffer: Equatable, Sendable {
    public private(set) var width: Int
    public private(set) var height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { contains(x, y) ? cells[y * width + x] : .blank }
        set { if contains(x, y) { cells[y * width + x] = newValue } }
    }

    @inline(__always)
    public func contains(_ x: Int, _ y: Int) -> Bool { x >= 0 && y >= 0 && x < width && y < height }

    /// Sets one cell, if it is on screen.
    @inline(__always)
    public mutating func put(_ scalar: Unicode.Scalar, x: Int, y: Int, style: Style = .normal) {
        if contains(x, y) { cells[y * width + x] = Cell(scalar, style) }
    }

    /// Writes `text` from (x, y) rightwards, never past `limit` (default: the screen's
    /// right edge). Control characters must already be made safe. Returns columns used.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, style: Style = .normal, limit: Int? = nil) -> Int {
        let end = min(limit ?? width, width)
        guard y >= 0, y < height else { return 0 }
        var col = x
        for s in text.unicodeScalars {
            let w = TextWidth.columns(s)
            if w == 0 { continue }
            if col + w > end { break }
            if col >= 0 {
                put(s, x: col, y: y, style: style)
                if w == 2 { put(Cell.continuationScalar, x: col + 1, y: y, style: style) }
            }
            col += w
        }
        return col - x
    }

    public mutating func fill(_ rect: Rect, _ scalar: Unicode.Scalar = " ", style: Style = .normal) {
        let x0 = max(0, rect.x), x1 = min(width, rect.maxX)
        let y0 = max(0, rect.y), y1 = min(height, rect.maxY)
        guard x0 < x1, y0 < y1 else { return }
        let cell = Cell(scalar, style)
        for y in y0..<y1 {
            let base = y * width
            for x in x0..<x1 { cells[base + x] = cell }
        }
    }

    /// The screen as plain text, one string per row, trailing spaces kept: what snapshot
    /// tests compare.
    public var lines: [String] {
        (0..<height).map { y in
            var line = String.UnicodeScalarView()
            for x in 0..<width {
                let cell = cells[y * width + x]
                if !cell.isContinuation { line.append(cell.scalar) }
            }
            return String(line)
        }
    }

    /// `lines` joined, with trailing spaces trimmed from each row (easier to read in files).
    public var text: String {
        lines.map { line in
            var l = Substring(line)
            while l.last == " " { l.removeLast() }
            return String(l)
        }.joined(separator: "\n")
    }
}
