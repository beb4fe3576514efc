#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CNcurses

/// What the terminal can show, decided once at start: UTF-8 or ASCII, colour or not.
struct TerminalCapabilities {
    var unicode: Bool
    var color: Bool

    /// Sets the locale (`""`, falling back to C.UTF-8) and reports whether text is UTF-8.
    /// `INTERLEAVE_ASCII=1` forces ASCII glyphs.
    static func setUpLocale() -> Bool {
        setlocale(LC_ALL, "")
        defer { setlocale(LC_NUMERIC, "C") }
        if let forced = getenv("INTERLEAVE_ASCII"), String(cString: forced) == "1" { return false }
        if codesetIsUTF8() { return true }
        for name in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] where setlocale(LC_ALL, name) != nil {
            if codesetIsUTF8() { return true }
        }
        setlocale(LC_ALL, "")
        return false
    }

    private static func codesetIsUTF8() -> Bool {
        guard let codeset = il_codeset() else { return false }
        let name = String(cString: codeset).uppercased()
        return name == "UTF-8" || name == "UTF8"
    }

    /// `NO_COLOR` (any non-empty value) turns colour off, as no-color.org asks.
    static var noColorRequested: Bool {
        guard let value = getenv("NO_COLOR") else { return false }
        return value.pointee != 0
    }
}
