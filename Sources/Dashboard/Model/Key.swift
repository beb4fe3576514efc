/// A key press, already decoded from the terminal's codes by the backend.
public enum Key: Hashable, Sendable {
    case char(Character)
    case up, down, left, right, pageUp, pageDown, home, end
    case enter, escape, tab, backTab, backspace, delete
    case function(Int)
    /// Ctrl plus a letter, lower case: `.control("c")` is Ctrl-C.
    case control(Character)
}
