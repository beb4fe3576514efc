import Foundation

/// The session log's event format, one entry per event kind: its tag and its fields (name,
/// type) in the order they are written. The writer (`appendJSON`), the streaming parser
/// (`EventLineParser`) and the `Codable` form are all driven by it, as Go's `tracev2` spec
/// table drives its encoder and decoder.
///
/// Adding an event kind: a case in `TaskEvent.Kind`, its entry here (`all`, and its case in
/// `Kind.visitFields`), and the code that emits it; the folds that switch over every kind
/// (ledger, warnings, exporters) are listed by the compiler. A new field: a case in
/// `EventField` (its name and type) and its slot in `EventFields`. Every line also carries
/// `t`, `task` and `k` (the tag) before these fields.
/// Names and tags are the log format's contract (see `SessionLog`): change them only with a
/// format-version bump.
package struct EventSpec: Sendable {
    /// The kind's name in logs and exports (`"k":"spawn"`).
    package let tag: StaticString
    /// Its fields, in the order written; a field the kind leaves empty is not written.
    package let fields: FieldList
    /// The kind, from the fields read; throws the first field it needs that is missing.
    let make: @Sendable (EventFields) throws(EventFields.Missing) -> TaskEvent.Kind

    init(_ tag: StaticString, _ fields: FieldList,
         make: @escaping @Sendable (EventFields) throws(EventFields.Missing) -> TaskEvent.Kind) {
        self.tag = tag
        self.fields = fields
        self.make = make
    }

    /// Every kind, the most frequent first (the parser looks tags up in this order).
    package static let all: [EventSpec] = [
        resume, suspend, start, spawn, complete, preempted, cancel, cancelRequested, fail, message, rename,
        threadName, counter, knob, threads, dropped, end,
    ]

    static let spawn = EventSpec("spawn", [.name, .parent]) { f throws(EventFields.Missing) in
        .spawn(name: try f.string(.name), parent: try f.id(.parent))
    }
    static let start = EventSpec("start", [.thread, .wait]) { f throws(EventFields.Missing) in
        .start(thread: Int(try f.int(.thread)), readyWait: try f.int(.wait))
    }
    static let resume = EventSpec("resume", [.thread, .wait]) { f throws(EventFields.Missing) in
        .resume(thread: Int(try f.int(.thread)), readyWait: try f.int(.wait))
    }
    /// `target` is the awaited task (0 for a group; absent for a result whose task is
    /// unknown), `name` a hop's actor.
    static let suspend = EventSpec("suspend", [.reason, .target, .name]) { f throws(EventFields.Missing) in
        .suspend(SuspendReason(category: try f.category(), target: f.target, name: f.name))
    }
    static let preempted = EventSpec("preempted", [.wait]) { f throws(EventFields.Missing) in
        .preempted(wait: try f.int(.wait))
    }
    static let complete = EventSpec("complete", [.result]) { f throws(EventFields.Missing) in
        .complete(result: try f.string(.result))
    }
    static let cancel = EventSpec("cancel", []) { _ in .cancel }
    static let cancelRequested = EventSpec("cancel-requested", []) { _ in .cancelRequested }
    static let fail = EventSpec("fail", [.error]) { f throws(EventFields.Missing) in .fail(error: try f.string(.error)) }
    static let message = EventSpec("message", [.text]) { f throws(EventFields.Missing) in .message(try f.string(.text)) }
    static let rename = EventSpec("rename", [.name]) { f throws(EventFields.Missing) in .rename(try f.string(.name)) }
    static let threadName = EventSpec("thread-name", [.thread, .name]) { f throws(EventFields.Missing) in
        .threadName(thread: Int(try f.int(.thread)), name: try f.string(.name))
    }
    static let counter = EventSpec("counter", [.name, .value]) { f throws(EventFields.Missing) in
        .counter(name: try f.string(.name), value: try f.int(.value))
    }
    static let knob = EventSpec("knob", [.name, .value]) { f throws(EventFields.Missing) in
        .knob(name: try f.string(.name), value: try f.int(.value))
    }
    static let threads = EventSpec("threads", [.count]) { f throws(EventFields.Missing) in .threads(count: Int(try f.int(.count))) }
    static let dropped = EventSpec("dropped", [.count]) { f throws(EventFields.Missing) in .dropped(count: try f.int(.count)) }
    static let end = EventSpec("end", []) { _ in .end }

    /// The spec whose tag is `bytes`: each spec is read from `all` once, its tag compared in place.
    package static func named(_ bytes: UnsafeBufferPointer<UInt8>) -> EventSpec? {
        for spec in all where spec.tag.utf8CodeUnitCount == bytes.count {
            if memcmp(spec.tag.utf8Start, bytes.baseAddress!, bytes.count) == 0 { return spec }
        }
        return nil
    }

    package static func named(_ tag: String) -> EventSpec? {
        var tag = tag
        return tag.withUTF8 { named($0) }
    }
}

/// A kind's fields, at most four: held inline, so a spec is copied (once per event written
/// or read) without counting references. Only specs make them, and a spec is a static: the
/// bytes of the keys are built once and never freed or written again.
package struct FieldList: @unchecked Sendable, RandomAccessCollection, ExpressibleByArrayLiteral {
    private var stored: (EventField?, EventField?, EventField?, EventField?)
    package let count: Int
    /// `,"name":` before each field's value, end to end, and where each ends: the writer
    /// copies them without making a String.
    private let keys: UnsafeBufferPointer<UInt8>
    private let keyEnds: (Int, Int, Int, Int)

    /// No fields: what a visitor holds until it is told the kind.
    init() {
        stored = (nil, nil, nil, nil)
        count = 0
        keys = UnsafeBufferPointer(start: nil, count: 0)
        keyEnds = (0, 0, 0, 0)
    }

    package init(arrayLiteral fields: EventField...) {
        precondition(fields.count <= 4, "an event kind has at most four fields; make FieldList longer")
        func at(_ i: Int) -> EventField? { i < fields.count ? fields[i] : nil }
        stored = (at(0), at(1), at(2), at(3))
        count = fields.count
        var bytes: [UInt8] = []
        var ends: [Int] = []
        for field in fields {
            bytes += Array(",\"\(field.rawValue)\":".utf8)
            ends.append(bytes.count)
        }
        while ends.count < 4 { ends.append(bytes.count) }
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: Swift.max(1, bytes.count))
        _ = buffer.initialize(from: bytes)
        keys = UnsafeBufferPointer(rebasing: buffer[0..<bytes.count])
        keyEnds = (ends[0], ends[1], ends[2], ends[3])
    }

    /// The bytes of all its keys together: the most they take in a line.
    var keyBytes: Int { keyEnds.3 }

    /// The bytes that open field `n` in a line: `,"name":`.
    @inline(__always)
    package func key(_ n: Int) -> UnsafeBufferPointer<UInt8> {
        let end = switch n {
        case 0: keyEnds.0
        case 1: keyEnds.1
        case 2: keyEnds.2
        default: keyEnds.3
        }
        let begin = switch n {
        case 0: 0
        case 1: keyEnds.0
        case 2: keyEnds.1
        default: keyEnds.2
        }
        return UnsafeBufferPointer(rebasing: keys[begin..<end])
    }

    package var startIndex: Int { 0 }
    package var endIndex: Int { count }

    package subscript(position: Int) -> EventField {
        let field = switch position {
        case 0: stored.0
        case 1: stored.1
        case 2: stored.2
        default: stored.3
        }
        return field!
    }
}

extension TaskEvent.Kind {
    /// Hands `visitor` the kind's spec, then the value of each field the kind has, in the
    /// spec's order: the one place a kind is taken apart. Values are lent, not copied, so the
    /// log's writer builds nothing for an event.
    @inline(__always)
    func visitFields<Visitor: EventFieldVisitor>(_ visitor: inout Visitor) throws(Visitor.Failure) {
        switch self {
        case let .spawn(name, parent):
            try visitor.kind(.spawn)
            try visitor.field(.name, name)
            try visitor.field(.parent, Int64(parent))
        case let .start(thread, wait):
            try visitor.kind(.start)
            try visitor.field(.thread, Int64(thread))
            try visitor.field(.wait, wait)
        case let .resume(thread, wait):
            try visitor.kind(.resume)
            try visitor.field(.thread, Int64(thread))
            try visitor.field(.wait, wait)
        case let .suspend(reason):
            try visitor.kind(.suspend)
            try visitor.field(.reason, reason.category)
            switch reason {
            case let .awaitingTask(target): try visitor.field(.target, Int64(target))
            case .awaitingGroup: try visitor.field(.target, 0)
            case let .actorHop(actor): try visitor.field(.name, actor)
            default: break
            }
        case let .preempted(wait):
            try visitor.kind(.preempted)
            try visitor.field(.wait, wait)
        case let .complete(result):
            try visitor.kind(.complete)
            try visitor.field(.result, result)
        case .cancel:
            try visitor.kind(.cancel)
        case .cancelRequested:
            try visitor.kind(.cancelRequested)
        case let .fail(error):
            try visitor.kind(.fail)
            try visitor.field(.error, error)
        case let .message(text):
            try visitor.kind(.message)
            try visitor.field(.text, text)
        case let .rename(name):
            try visitor.kind(.rename)
            try visitor.field(.name, name)
        case let .threadName(thread, name):
            try visitor.kind(.threadName)
            try visitor.field(.thread, Int64(thread))
            try visitor.field(.name, name)
        case let .counter(name, value):
            try visitor.kind(.counter)
            try visitor.field(.name, name)
            try visitor.field(.value, value)
        case let .knob(name, value):
            try visitor.kind(.knob)
            try visitor.field(.name, name)
            try visitor.field(.value, value)
        case let .threads(count):
            try visitor.kind(.threads)
            try visitor.field(.count, Int64(count))
        case let .dropped(count):
            try visitor.kind(.dropped)
            try visitor.field(.count, count)
        case .end:
            try visitor.kind(.end)
        }
    }

    /// The kind's name in logs and exports.
    public var tag: String {
        var tag = TagReader()
        visitFields(&tag)
        return tag.name
    }
}

/// What `TaskEvent.Kind.visitFields` hands a kind's spec and field values to: the log's
/// writer, the `Codable` form.
protocol EventFieldVisitor {
    associatedtype Failure: Error
    /// The kind's spec, before its fields.
    mutating func kind(_ spec: EventSpec) throws(Failure)
    /// An integer, a task id or a duration.
    mutating func field(_ field: EventField, _ value: Int64) throws(Failure)
    mutating func field(_ field: EventField, _ text: String) throws(Failure)
    mutating func field(_ field: EventField, _ reason: SuspendReason.Category) throws(Failure)
}

/// A kind's tag, and nothing else.
private struct TagReader: EventFieldVisitor {
    typealias Failure = Never
    var name = ""
    mutating func kind(_ spec: EventSpec) { name = spec.tag.description }
    mutating func field(_ field: EventField, _ value: Int64) {}
    mutating func field(_ field: EventField, _ text: String) {}
    mutating func field(_ field: EventField, _ reason: SuspendReason.Category) {}
}

/// A field of an event line after `t`, `task` and `k`. A name has one type whatever the
/// kind, so a parser can read a field before it knows the kind (`k` may come last).
package enum EventField: String, Sendable, CaseIterable {
    case name, parent, thread, wait, reason, target, result, error, text, value, count

    package enum ValueType: Sendable {
        case string
        case int
        /// A task id: 0 through `UInt32.max`.
        case taskID
        /// A duration: 0 through `Ticks.limit`.
        case duration
        /// A `SuspendReason.Category`, by its raw value.
        case reason
    }

    package var type: ValueType {
        switch self {
        case .name, .result, .error, .text: .string
        case .parent, .target: .taskID
        case .thread, .value, .count: .int
        case .wait: .duration
        case .reason: .reason
        }
    }
}

/// One value per `EventField`, each set or not: what a line holds, read before its kind is made.
package struct EventFields: Sendable {
    var name: String?
    var parent: TaskID?
    var thread: Int64?
    var wait: Int64?
    var reason: SuspendReason.Category?
    var target: TaskID?
    var result: String?
    var error: String?
    var text: String?
    var value: Int64?
    var count: Int64?

    package enum Value: Sendable, Equatable {
        case string(String)
        /// An integer, a task id or a duration.
        case int(Int64)
        case reason(SuspendReason.Category)
    }

    /// A field a kind needs is not there.
    package struct Missing: Error {
        package var field: EventField
    }

    package init() {}

    /// A field's value; setting one of the wrong type is a programming error.
    package subscript(field: EventField) -> Value? {
        get {
            switch field {
            case .name: name.map(Value.string)
            case .parent: parent.map { .int(Int64($0)) }
            case .thread: thread.map(Value.int)
            case .wait: wait.map(Value.int)
            case .reason: reason.map(Value.reason)
            case .target: target.map { .int(Int64($0)) }
            case .result: result.map(Value.string)
            case .error: error.map(Value.string)
            case .text: text.map(Value.string)
            case .value: value.map(Value.int)
            case .count: count.map(Value.int)
            }
        }
        set {
            switch (field, newValue) {
            case let (.name, .string(v)?): name = v
            case let (.parent, .int(v)?): parent = TaskID(v)
            case let (.thread, .int(v)?): thread = v
            case let (.wait, .int(v)?): wait = v
            case let (.reason, .reason(v)?): reason = v
            case let (.target, .int(v)?): target = TaskID(v)
            case let (.result, .string(v)?): result = v
            case let (.error, .string(v)?): error = v
            case let (.text, .string(v)?): text = v
            case let (.value, .int(v)?): value = v
            case let (.count, .int(v)?): count = v
            case (_, nil): break
            default: preconditionFailure("\(field) set to a value of another type")
            }
        }
    }

    func string(_ field: EventField) throws(Missing) -> String {
        guard case let .string(v)? = self[field] else { throw Missing(field: field) }
        return v
    }

    func int(_ field: EventField) throws(Missing) -> Int64 {
        guard case let .int(v)? = self[field] else { throw Missing(field: field) }
        return v
    }

    func id(_ field: EventField) throws(Missing) -> TaskID {
        TaskID(truncatingIfNeeded: try int(field))
    }

    func category() throws(Missing) -> SuspendReason.Category {
        guard let reason else { throw Missing(field: .reason) }
        return reason
    }
}

extension SuspendReason {
    /// Rebuilds a reason from its logged category; `target` 0 means a group, no target a
    /// result whose task is unknown; `name` is a hop's actor.
    init(category: Category, target: TaskID?, name: String?) {
        switch category {
        case .sleep: self = .sleep
        case .queueGet: self = .queueGet
        case .queuePut: self = .queuePut
        case .semaphore: self = .semaphore
        case .awaiting:
            switch target {
            case nil: self = .awaitingResult
            case 0: self = .awaitingGroup
            case let target?: self = .awaitingTask(target)
            }
        case .continuation: self = .continuation
        case .hop: self = .actorHop(name ?? "")
        case .yield: self = .yield
        case .knob: self = .knob
        case .other: self = .other
        }
    }
}
