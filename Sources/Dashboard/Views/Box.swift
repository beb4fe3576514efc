/// A framed panel with a title, for the overlays (help, detail, picker).
struct Box {
    var title: String
    var glyphs: Glyphs

    /// Clears `rect`, frames it, and returns the inside.
    @discardableResult
    func render(in rect: Rect, into buffer: inout ScreenBuffer) -> Rect {
        guard rect.width >= 2, rect.height >= 2 else { buffer.fill(rect); return Rect(x: rect.x, y: rect.y, width: 0, height: 0) }
        let frame = Style(.accent)
        buffer.fill(rect)
        for x in rect.x + 1..<rect.maxX - 1 {
            buffer.put(glyphs.horizontal, x: x, y: rect.y, style: frame)
            buffer.put(glyphs.horizontal, x: x, y: rect.maxY - 1, style: frame)
        }
        for y in rect.y + 1..<rect.maxY - 1 {
            buffer.put(glyphs.vertical, x: rect.x, y: y, style: frame)
            buffer.put(glyphs.vertical, x: rect.maxX - 1, y: y, style: frame)
        }
        buffer.put(glyphs.topLeft, x: rect.x, y: rect.y, style: frame)
        buffer.put(glyphs.topRight, x: rect.maxX - 1, y: rect.y, style: frame)
        buffer.put(glyphs.bottomLeft, x: rect.x, y: rect.maxY - 1, style: frame)
        buffer.put(glyphs.bottomRight, x: rect.maxX - 1, y: rect.maxY - 1, style: frame)
        if !title.isEmpty, rect.width > 4 {
            buffer.write(" " + title.fitted(to: rect.width - 6, ellipsis: glyphs.ellipsis) + " ",
                         x: rect.x + 2, y: rect.y, style: Style(.accent, .bold), limit: rect.maxX - 2)
        }
        return Rect(x: rect.x + 2, y: rect.y + 1, width: rect.width - 4, height: rect.height - 2)
    }
}
