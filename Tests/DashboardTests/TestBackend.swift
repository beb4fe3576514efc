import Foundation
import Testing
import TaskTrace
@testable import Dashboard

/// The terminal, scripted: keys, resizes and signals go in; every frame the runner draws
/// comes out, styles included. Waiting for a frame is event-driven (no polling), bounded by
/// a deadline so a broken runner fails the test instead of hanging it.
@MainActor
final class TestBackend: TerminalBackend {
    var capabilities: TerminalCapabilities
    private(set) var size: (width: Int, height: Int)
    private(set) var frames: [ScreenBuffer] = []
    private var notify: (@Sendable (TerminalEvent) -> Void)?
    private var keys: [Key] = []
    private var resized = false
    private var waiters: [Waiter] = []
    private var nextWaiter = 0

    /// A test waiting for a frame, and the deadline that gives up on it.
    private struct Waiter {
        let id: Int
        let accepts: (ScreenBuffer) -> Bool
        let resume: CheckedContinuation<ScreenBuffer?, Never>
        var deadline: Task<Void, Never>?
    }

    init(width: Int = 100, height: Int = 30, unicode: Bool = true, color: Bool = true) {
        capabilities = TerminalCapabilities(unicode: unicode, color: color)
        size = (width, height)
    }

    func watch(_ notify: @escaping @Sendable (TerminalEvent) -> Void) { self.notify = notify }

    func readInput() -> (keys: [Key], resized: Bool) {
        defer { keys = []; resized = false }
        return (keys, resized)
    }

    func draw(_ buffer: ScreenBuffer) {
        frames.append(buffer)
        for (index, waiter) in waiters.enumerated().reversed() where waiter.accepts(buffer) {
            waiters.remove(at: index)
            // Done with: a deadline left sleeping would wake later only to find nothing.
            waiter.deadline?.cancel()
            waiter.resume.resume(returning: buffer)
        }
    }

    func invalidate() {}

    /// Keys typed now.
    func press(_ typed: Key...) {
        keys += typed
        notify?(.input)
    }

    /// Text typed now, a key per character.
    func type(_ text: String) {
        keys += text.map { .char($0) }
        notify?(.input)
    }

    func resize(width: Int, height: Int) {
        size = (width, height)
        resized = true
        notify?(.input)
    }

    func signal(_ sig: Int32) { notify?(.signal(sig)) }

    /// The last frame drawn.
    var screen: String { frames.last?.text ?? "" }

    /// Waits for the next frame that `accepts` (the last one drawn counts, if it does);
    /// nil, and an issue recorded, after `seconds`.
    @discardableResult
    func frame(within seconds: Double = 10, sourceLocation: SourceLocation = #_sourceLocation,
               where accepts: @escaping (ScreenBuffer) -> Bool) async -> ScreenBuffer? {
        if let last = frames.last, accepts(last) { return last }
        nextWaiter += 1
        let id = nextWaiter
        let found: ScreenBuffer? = await withCheckedContinuation { continuation in
            // The waiter and its deadline are both on the main actor: exactly one of `draw`
            // and the deadline finds it in `waiters` and resumes it.
            let deadline = Task { @MainActor [weak self] in
                try? await Task.sleep(for: .seconds(seconds))
                guard let self, let index = self.waiters.firstIndex(where: { $0.id == id }) else { return }
                self.waiters.remove(at: index).resume.resume(returning: nil)
            }
            waiters.append(Waiter(id: id, accepts: accepts, resume: continuation, deadline: deadline))
        }
        if found == nil { Issue.record("no such frame within \(seconds) s; last:\n\(screen)", sourceLocation: sourceLocation) }
        return found
    }

    /// Waits for the runner's loop to return (after `q`, a signal, the stream's end); false,
    /// and an issue recorded, after `seconds`: a runner that never quits fails its test
    /// instead of hanging the suite.
    @discardableResult
    func end(of loop: Task<Void, Never>, within seconds: Double = 10,
             sourceLocation: SourceLocation = #_sourceLocation) async -> Bool {
        let ended = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let first = FirstAnswer(continuation)
            let deadline = Task { @MainActor in
                try? await Task.sleep(for: .seconds(seconds))
                first.answer(false)
            }
            Task { @MainActor in
                await loop.value
                deadline.cancel()
                first.answer(true)
            }
        }
        if !ended { Issue.record("the runner did not stop within \(seconds) s; last:\n\(screen)", sourceLocation: sourceLocation) }
        return ended
    }

    /// Waits for a frame whose text contains `text`.
    @discardableResult
    func frame(showing text: String, sourceLocation: SourceLocation = #_sourceLocation) async -> ScreenBuffer? {
        await frame(sourceLocation: sourceLocation) { $0.text.contains(text) }
    }
}

/// A continuation that the first of the tasks racing to answer resumes; the others' answers
/// are dropped. They all run on the main actor, so taking it needs no lock.
@MainActor
private final class FirstAnswer<Value: Sendable> {
    private var continuation: CheckedContinuation<Value, Never>?

    init(_ continuation: CheckedContinuation<Value, Never>) { self.continuation = continuation }

    func answer(_ value: Value) { continuation.take()?.resume(returning: value) }
}

/// A frame as text with its styles: each line, then under it a line of one letter per cell
/// naming the cell's style (its role, and the attributes the terminal adds); the legend
/// says what each letter stands for. `color: false`
/// shows what a monochrome terminal shows (the attributes only), as `NcursesBackend` maps them.
func styledText(_ buffer: ScreenBuffer, color: Bool = true, rows: Range<Int>? = nil) -> String {
    let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    var names: [String: Character] = [:]
    var legend: [String] = []
    var out: [String] = []
    let lines = buffer.lines
    for y in rows ?? 0..<buffer.height {
        out.append(lines[y])
        var marks = ""
        for x in 0..<buffer.width {
            let style = buffer[x, y].style
            let flags = style.terminalAttributes(color: color)
            var shown: [String] = []
            for (flag, name) in [(Style.Attributes.bold, "bold"), (.reverse, "reverse"), (.underline, "underline"),
                                 (.dim, "dim")] where flags.contains(flag) { shown.append(name) }
            let attributes = shown.isEmpty ? "" : "[" + shown.joined(separator: ",") + "]"
            let name = color ? "\(style.role)\(attributes)" : shown.isEmpty ? "plain" : attributes
            if names[name] == nil {
                let letter = letters[min(names.count, letters.count - 1)]
                names[name] = letter
                legend.append("\(letter)=\(name)")
            }
            marks.append(names[name]!)
        }
        out.append(marks)
    }
    return out.joined(separator: "\n") + "\nstyles: " + legend.joined(separator: " ") + "\n"
}
