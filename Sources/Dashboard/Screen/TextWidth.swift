/// Terminal columns a character takes: 0 for combining marks and zero-width joiners,
/// 2 for East Asian wide characters and most emoji, 1 otherwise. A small table rather
/// than `wcwidth`, so the buffer lays text out the same in tests and in any locale.
enum TextWidth {
    static func columns(_ s: Unicode.Scalar) -> Int {
        let v = s.value
        if v < 0x300 { return 1 }
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if s.properties.isEmojiPresentation { return 2 }
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    static func columns(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + columns($1) }
    }
}

extension String {
    /// At most `columns` terminal columns of this string, ending in `ellipsis` if cut.
    func fitted(to columns: Int, ellipsis: String = "…") -> String {
        guard columns > 0 else { return "" }
        if TextWidth.columns(self) <= columns { return self }
        let room = columns - TextWidth.columns(ellipsis)
        guard room > 0 else { return String(repeating: ".", count: columns) }
        var out = String.UnicodeScalarView()
        var used = 0
        for s in unicodeScalars {
            let w = TextWidth.columns(s)
            if used + w > room { break }
            out.append(s)
            used += w
        }
        return String(out) + ellipsis
    }

    /// At most `columns` columns keeping the end, where like names differ (`consumer_3`,
    /// `chain_1.3`): `…umer_3`; too narrow for the ellipsis to help, just the end (`3`).
    func fittedKeepingEnd(to columns: Int, ellipsis: String = "…") -> String {
        guard columns > 0 else { return "" }
        if TextWidth.columns(self) <= columns { return self }
        let mark = columns >= 4 ? ellipsis : ""
        let room = columns - TextWidth.columns(mark)
        var out: [Unicode.Scalar] = []
        var used = 0
        for s in unicodeScalars.reversed() {
            let w = TextWidth.columns(s)
            if used + w > room { break }
            out.append(s)
            used += w
        }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: out.reversed())
        return mark + String(text)
    }

    /// Pads with spaces on the right to exactly `columns` (cutting if longer).
    func padded(to columns: Int) -> String {
        let fitted = self.fitted(to: columns, ellipsis: "")
        return fitted + String(repeating: " ", count: max(0, columns - TextWidth.columns(fitted)))
    }
}
