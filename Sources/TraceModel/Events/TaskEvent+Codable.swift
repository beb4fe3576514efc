/// Flat JSON, one object per event, for session logs: `{"t":1000,"task":2,"k":"suspend","reason":"sleep"}`.
/// Field names are short because a log holds millions of them; they are the log format's
/// contract (see `SessionLog`), so change them only with a format-version bump.
extension TaskEvent: Codable {
    enum CodingKeys: String, CodingKey {
        case time = "t", task, kind = "k"
        case name, parent, thread, wait, reason, target, result, error, text, value, count, key
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(time, forKey: .time)
        try c.encode(task, forKey: .task)
        try c.encode(kind.tag, forKey: .kind)
        switch kind {
        case let .spawn(name, parent):
            try c.encode(name, forKey: .name)
            try c.encode(parent, forKey: .parent)
        case let .start(thread, wait), let .resume(thread, wait):
            try c.encode(thread, forKey: .thread)
            try c.encode(wait, forKey: .wait)
        case let .suspend(reason):
            try c.encode(reason.category.rawValue, forKey: .reason)
            if case let .awaitingTask(target) = reason { try c.encode(target, forKey: .target) }
            if case .awaitingGroup = reason { try c.encode(0 as TaskID, forKey: .target) }
            if case let .actorHop(actor) = reason { try c.encode(actor, forKey: .name) }
        case let .complete(result):
            try c.encode(result, forKey: .result)
        case .cancel, .cancelRequested:
            break
        case let .fail(error):
            try c.encode(error, forKey: .error)
        case let .message(text):
            try c.encode(text, forKey: .text)
        case let .rename(name):
            try c.encode(name, forKey: .name)
        case let .threadName(thread, name):
            try c.encode(thread, forKey: .thread)
            try c.encode(name, forKey: .name)
        case let .counter(name, value), let .knob(name, value):
            try c.encode(name, forKey: .name)
            try c.encode(value, forKey: .value)
        case let .threads(count):
            try c.encode(count, forKey: .count)
        case let .dropped(count):
            try c.encode(count, forKey: .count)
        case let .input(key):
            try c.encode(key, forKey: .key)
        case .end:
            break
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        time = try c.decode(Int64.self, forKey: .time)
        task = try c.decode(TaskID.self, forKey: .task)
        let tag = try c.decode(String.self, forKey: .kind)
        switch tag {
        case "spawn":
            kind = .spawn(name: try c.decode(String.self, forKey: .name),
                          parent: try c.decode(TaskID.self, forKey: .parent))
        case "start":
            kind = .start(thread: try c.decode(Int.self, forKey: .thread),
                          readyWait: try c.decode(Int64.self, forKey: .wait))
        case "resume":
            kind = .resume(thread: try c.decode(Int.self, forKey: .thread),
                           readyWait: try c.decode(Int64.self, forKey: .wait))
        case "suspend":
            let raw = try c.decode(String.self, forKey: .reason)
            guard let category = SuspendReason.Category(rawValue: raw) else {
                throw DecodingError.dataCorruptedError(forKey: .reason, in: c,
                    debugDescription: "unknown suspend reason '\(raw)'")
            }
            kind = .suspend(try SuspendReason(category: category,
                                              target: c.decodeIfPresent(TaskID.self, forKey: .target),
                                              name: c.decodeIfPresent(String.self, forKey: .name)))
        case "complete":
            kind = .complete(result: try c.decode(String.self, forKey: .result))
        case "cancel-requested":
            kind = .cancelRequested
        case "cancel":
            kind = .cancel
        case "fail":
            kind = .fail(error: try c.decode(String.self, forKey: .error))
        case "message":
            kind = .message(try c.decode(String.self, forKey: .text))
        case "rename":
            kind = .rename(try c.decode(String.self, forKey: .name))
        case "thread-name":
            kind = .threadName(thread: try c.decode(Int.self, forKey: .thread), name: try c.decode(String.self, forKey: .name))
        case "counter":
            kind = .counter(name: try c.decode(String.self, forKey: .name),
                            value: try c.decode(Int64.self, forKey: .value))
        case "knob":
            kind = .knob(name: try c.decode(String.self, forKey: .name),
                         value: try c.decode(Int64.self, forKey: .value))
        case "threads":
            kind = .threads(count: try c.decode(Int.self, forKey: .count))
        case "dropped":
            kind = .dropped(count: try c.decode(Int64.self, forKey: .count))
        case "input":
            kind = .input(key: try c.decode(String.self, forKey: .key))
        case "end":
            kind = .end
        default:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: c,
                debugDescription: "unknown event kind '\(tag)'")
        }
    }
}

extension TaskEvent.Kind {
    /// The kind's name in logs and exports.
    public var tag: String {
        switch self {
        case .spawn: "spawn"
        case .start: "start"
        case .resume: "resume"
        case .suspend: "suspend"
        case .complete: "complete"
        case .cancel: "cancel"
        case .cancelRequested: "cancel-requested"
        case .fail: "fail"
        case .message: "message"
        case .rename: "rename"
        case .threadName: "thread-name"
        case .counter: "counter"
        case .knob: "knob"
        case .threads: "threads"
        case .dropped: "dropped"
        case .input: "input"
        case .end: "end"
        }
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
