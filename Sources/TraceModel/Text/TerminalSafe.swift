/// Text that came from outside (task names, error messages, log files) must never drive
/// the user's terminal. `terminalSafe` shows control characters as visible escapes
/// (`\e`, `\n`, `\u{9b}`) so an escape sequence in a log is displayed, never obeyed.
extension String {
    public var terminalSafe: String {
        var out = ""
        out.reserveCapacity(utf8.count)
        for scalar in unicodeScalars {
            switch scalar.value {
            case 0x1B: out += "\\e"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x00..<0x20, 0x7F, 0x80..<0xA0:
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            case 0x202A...0x202E, 0x2066...0x2069:
                // Bidirectional overrides can reorder what the user sees.
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
