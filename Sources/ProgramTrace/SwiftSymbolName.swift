/// A demangled Swift symbol made short enough to name a task: `closure #1 in crawl(urls:)`
/// out of `(1) suspend resume partial function for closure #1 () async -> () in
/// app.crawl(urls: [Swift.String]) async -> ()`.
public struct SwiftSymbolName: Sendable, Equatable {
    /// The short name.
    public let text: String
    /// The module of the outermost function (`app`), or nil when it has none.
    public let module: String?
    /// A task's own code, as opposed to the standard library's or a thunk's.
    public var isUserCode: Bool { module.map { !Self.libraryModules.contains($0) } ?? false }
    /// True for the program's async entry point (`async_Main`): its task is `main`.
    public let isAsyncMain: Bool

    static let libraryModules: Set<String> = [
        "Swift", "_Concurrency", "Foundation", "FoundationEssentials", "Dispatch", "_StringProcessing",
        "Synchronization", "Distributed", "Observation",
    ]

    /// Nil for what names no code of its own: a reabstraction thunk, or an unreadable symbol.
    public init?(demangled symbol: String) {
        isAsyncMain = symbol.contains("async_Main")
        var text = Substring(symbol)
        Self.dropPrefixes(&text)
        if isAsyncMain {
            self.text = "main"
            module = "main"
            return
        }
        if text.hasPrefix("reabstraction thunk") || text.hasPrefix("thunk for") || text.hasPrefix("_Z") { return nil }
        let parts = Self.splitTopLevel(text, on: " in ")
        guard !parts.isEmpty else { return nil }
        var names: [String] = []
        var outerModule: String?
        for part in parts {
            let (name, partModule) = Self.shorten(part)
            names.append(name)
            outerModule = partModule
        }
        module = outerModule
        self.text = names.joined(separator: " in ")
    }

    /// Removes what says how the code was compiled rather than what it is.
    private static func dropPrefixes(_ text: inout Substring) {
        // "(1) suspend resume partial function for …"
        if text.hasPrefix("("), let close = text.firstIndex(of: ")"),
           text[text.index(after: text.startIndex)..<close].allSatisfy(\.isNumber) {
            text = text[text.index(after: close)...].drop { $0 == " " }
        }
        let plain = [
            "suspend resume partial function for ", "await resume partial function for ",
            "async function pointer to ", "partial apply forwarder for ", "partial apply for ", "merged ",
            "specialized ", "static ", "@objc ",
        ]
        let bracketed = [
            "function signature specialization ", "generic specialization ",
            "generic not re-abstracted specialization ", "generic not-reabstracted specialization ",
        ]
        var changed = true
        while changed {
            changed = false
            for prefix in plain where text.hasPrefix(prefix) {
                text = text.dropFirst(prefix.count)
                changed = true
            }
            for prefix in bracketed where text.hasPrefix(prefix) {
                var rest = text.dropFirst(prefix.count)
                var propagated: Substring?
                if rest.hasPrefix("<"), let end = matchingClose(rest, open: "<", close: ">") {
                    propagated = constantPropagatedFunction(in: rest[..<end])
                    rest = rest[rest.index(after: end)...]
                }
                if rest.hasPrefix(" of ") { rest = rest.dropFirst(4) }
                // A thunk specialized for one closure (as `async let` gets under -O) is that
                // closure's code: name it after the closure.
                if let propagated, rest.hasPrefix("reabstraction thunk") || rest.hasPrefix("thunk for") {
                    rest = propagated
                }
                text = rest
                changed = true
            }
        }
    }

    /// `closure #2 () async -> Swift.Int` → `closure #2`; `static app.App.main() async throws
    /// -> ()` → `App.main()`, module `app`.
    private static func shorten(_ part: Substring) -> (String, String?) {
        var part = part.drop { $0 == " " }
        for prefix in ["static ", "@Sendable "] where part.hasPrefix(prefix) { part = part.dropFirst(prefix.count) }
        for closure in ["closure #", "implicit closure #"] where part.hasPrefix(closure) {
            let number = part.dropFirst(closure.count).prefix { $0.isNumber }
            return ("\(closure)\(number)", nil)
        }
        var module: String?
        if part.hasPrefix("(extension in "), let close = part.firstIndex(of: ")") {
            module = String(part.dropFirst("(extension in ".count).prefix { $0 != ")" })
            part = part[part.index(after: close)...].drop { $0 == ":" }
        }
        // The qualified name runs to the argument list, or to " : " for a property.
        var nameEnd = part.endIndex
        var depth = 0
        var i = part.startIndex
        while i < part.endIndex {
            let c = part[i]
            if c == "<" { depth += 1 } else if c == ">" { depth -= 1 }
            if depth == 0, c == "(" || part[i...].hasPrefix(" : ") { nameEnd = i; break }
            i = part.index(after: i)
        }
        let qualified = removeGenerics(part[..<nameEnd])
        var components = qualified.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        if components.count > 1, ["getter", "setter", "modify", "read", "didset", "willset"].contains(components.last!) {
            components.removeLast()
        }
        if components.count >= 2 {
            if module == nil { module = components[0] }
            components.removeFirst()
        }
        var name = components.joined(separator: ".")
        if nameEnd < part.endIndex, part[nameEnd] == "(",
           let close = matchingClose(part[nameEnd...], open: "(", close: ")") {
            let arguments = part[part.index(after: nameEnd)..<close]
            let labels = splitTopLevel(arguments, on: ", ").map { argument -> String in
                let label = argument.prefix { $0 != ":" && $0 != " " && $0 != "<" && $0 != "(" && $0 != "[" }
                return argument.dropFirst(label.count).hasPrefix(":") ? "\(label):" : "_:"
            }
            name += "(" + labels.joined() + ")"
        }
        return (name, module)
    }

    private static func removeGenerics(_ text: Substring) -> String {
        var out = ""
        var depth = 0
        for c in text {
            if c == "<" { depth += 1; continue }
            if c == ">" { depth = max(0, depth - 1); continue }
            if depth == 0 { out.append(c) }
        }
        return out
    }

    /// The function in `Constant Propagated Function : F]` of a specialization's bracket.
    private static func constantPropagatedFunction(in bracket: Substring) -> Substring? {
        let marker = "Constant Propagated Function : "
        guard let found = bracket.firstRange(of: marker) else { return nil }
        let function = bracket[found.upperBound...]
        var depth = 0
        for i in function.indices {
            let c = function[i]
            if c == "[" { depth += 1 }
            if c == "]" {
                if depth == 0 { return function[..<i] }
                depth -= 1
            }
        }
        return function
    }

    /// Index of the bracket closing the one `text` opens with. The `>` of an arrow (`->`)
    /// closes nothing.
    private static func matchingClose(_ text: Substring, open: Character, close: Character) -> Substring.Index? {
        var depth = 0
        var previous: Character = " "
        for i in text.indices {
            let c = text[i]
            defer { previous = c }
            if c == open { depth += 1 }
            if c == close, !(c == ">" && previous == "-") {
                depth -= 1
                if depth == 0 { return i }
            }
        }
        return nil
    }

    /// Splits on `separator` where it stands outside every bracket.
    private static func splitTopLevel(_ text: Substring, on separator: String) -> [Substring] {
        var parts: [Substring] = []
        var depth = 0
        var start = text.startIndex
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            if "(<[".contains(c) { depth += 1 }
            if ")>]".contains(c), !(c == ">" && i > text.startIndex && text[text.index(before: i)] == "-") { depth -= 1 }
            if depth == 0, text[i...].hasPrefix(separator) {
                parts.append(text[start..<i])
                i = text.index(i, offsetBy: separator.count)
                start = i
                continue
            }
            i = text.index(after: i)
        }
        if start < text.endIndex { parts.append(text[start...]) }
        return parts
    }
}
