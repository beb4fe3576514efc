/// What a window too small for the layout shows instead: the size it has and needs,
/// wrapped to whatever room there is (down to a single cell).
struct TooSmallView {
    var width: Int
    var height: Int

    func render(in rect: Rect, into buffer: inout ScreenBuffer) {
        guard !rect.isEmpty else { return }
        let words = "Window too small: \(width)x\(height), need \(Layout.minWidth)x\(Layout.minHeight). q quits."
            .split(separator: " ").map(String.init)
        var lines: [String] = []
        var line = ""
        for word in words {
            var word = word
            while word.count > rect.width {
                if !line.isEmpty { lines.append(line); line = "" }
                lines.append(String(word.prefix(rect.width)))
                word = String(word.dropFirst(rect.width))
            }
            if line.isEmpty { line = word } else if line.count + 1 + word.count <= rect.width { line += " " + word } else {
                lines.append(line)
                line = word
            }
        }
        if !line.isEmpty { lines.append(line) }
        let top = rect.y + max(0, (rect.height - lines.count) / 2)
        for (i, text) in lines.prefix(rect.height).enumerated() {
            let x = rect.x + max(0, (rect.width - text.count) / 2)
            buffer.write(text, x: x, y: top + i, style: Style(.warning, .bold), limit: rect.maxX)
        }
    }
}
