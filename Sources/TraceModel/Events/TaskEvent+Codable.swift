/// Flat JSON, one object per event, for session logs: `{"t":1000,"task":2,"k":"suspend","reason":"sleep"}`.
/// Field names are short because a log holds millions of them; they are the log format's
/// contract (see `SessionLog`), so change them only with a format-version bump. Which fields
/// each kind has comes from its `EventSpec`, as for the log's own writer and parser; this form
/// goes through Foundation's JSON, which tests hold the fast path to.
extension TaskEvent: Codable {
    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }

        static let time = Key(stringValue: "t"), task = Key(stringValue: "task"), kind = Key(stringValue: "k")
        init(_ field: EventField) { stringValue = field.rawValue }
    }

    public func encode(to encoder: any Encoder) throws {
        var fields = FieldEncoder(container: encoder.container(keyedBy: Key.self))
        try fields.container.encode(time, forKey: .time)
        try fields.container.encode(task, forKey: .task)
        try kind.visitFields(&fields)
    }

    /// Encodes a kind's tag and fields under their names.
    private struct FieldEncoder: EventFieldVisitor {
        var container: KeyedEncodingContainer<Key>

        mutating func kind(_ spec: EventSpec) throws(any Error) {
            try container.encode(spec.tag.description, forKey: .kind)
        }

        mutating func field(_ field: EventField, _ value: Int64) throws(any Error) {
            try container.encode(value, forKey: Key(field))
        }

        mutating func field(_ field: EventField, _ text: String) throws(any Error) {
            try container.encode(text, forKey: Key(field))
        }

        mutating func field(_ field: EventField, _ reason: SuspendReason.Category) throws(any Error) {
            try container.encode(reason.rawValue, forKey: Key(field))
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        time = try c.decode(Int64.self, forKey: .time)
        task = try c.decode(TaskID.self, forKey: .task)
        let tag = try c.decode(String.self, forKey: .kind)
        guard let spec = EventSpec.named(tag) else {
            throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "unknown event kind '\(tag)'")
        }
        var fields = EventFields()
        for field in spec.fields {
            let key = Key(field)
            switch field.type {
            case .string: fields[field] = try c.decodeIfPresent(String.self, forKey: key).map { .string($0) }
            case .int, .duration: fields[field] = try c.decodeIfPresent(Int64.self, forKey: key).map { .int($0) }
            case .taskID: fields[field] = try c.decodeIfPresent(TaskID.self, forKey: key).map { .int(Int64($0)) }
            case .reason:
                guard let raw = try c.decodeIfPresent(String.self, forKey: key) else { break }
                guard let category = SuspendReason.Category(rawValue: raw) else {
                    throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "unknown suspend reason '\(raw)'")
                }
                fields[field] = .reason(category)
            }
        }
        do {
            kind = try spec.make(fields)
        } catch {
            throw DecodingError.keyNotFound(Key(error.field), .init(codingPath: c.codingPath, debugDescription: "missing"))
        }
    }
}
