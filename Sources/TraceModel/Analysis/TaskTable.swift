/// Values by task id, for a fold that keeps an entry per task alive and looks one up at
/// every event. Ids are dense from 1, so `slots`, indexed by id, finds an entry without
/// hashing; the entries themselves sit side by side (a removal moves the last one into the
/// gap), so values take room for the tasks alive only, and an id ever seen 4 bytes. Ids
/// from `denseLimit` up (a log may hold any id) are found through a dictionary instead.
///
/// An entry is reached by its position, which stays valid until the next insertion or
/// removal: one look-up per event, then changes in place.
struct TaskTable<Value> {
    /// By id: the entry's position + 1; 0: none.
    private var slots: [UInt32] = []
    private var sparse: [TaskID: Int] = [:]
    private var ids: [TaskID] = []
    private var values: [Value] = []

    static var denseLimit: TaskID { 1 << 24 }

    init() {}

    var count: Int { ids.count }

    /// Where the entry of task `id` is; nil if it has none.
    func position(of id: TaskID) -> Int? {
        if id < Self.denseLimit {
            let slot = Int(id) < slots.count ? slots[Int(id)] : 0
            return slot == 0 ? nil : Int(slot) - 1
        }
        return sparse[id]
    }

    /// The entry at `position`, read or changed in place.
    subscript(position position: Int) -> Value {
        // Read where it is: a getter would copy the whole value to read one field of it.
        _read { yield values[position] }
        _modify { yield &values[position] }
    }

    /// The entry of task `id`; nil if it has none.
    subscript(id: TaskID) -> Value? {
        position(of: id).map { values[$0] }
    }

    /// Adds the entry of task `id`, which has none.
    mutating func insert(_ value: consuming Value, for id: TaskID) {
        precondition(position(of: id) == nil, "task \(id) has an entry already")
        setPosition(ids.count, of: id)
        ids.append(id)
        values.append(value)
    }

    /// Removes the entry at `position`; the last entry moves into its place (moved, not
    /// swapped: a swap copies a value three times).
    mutating func remove(at position: Int) {
        let id = ids[position]
        let lastID = ids.removeLast()
        let lastValue = values.removeLast()
        if position < ids.count {
            ids[position] = lastID
            values[position] = consume lastValue
            setPosition(position, of: lastID)
        }
        if id < Self.denseLimit { slots[Int(id)] = 0 } else { sparse[id] = nil }
    }

    private mutating func setPosition(_ position: Int, of id: TaskID) {
        guard id < Self.denseLimit else {
            sparse[id] = position
            return
        }
        if Int(id) >= slots.count {
            slots.append(contentsOf: repeatElement(0, count: max(Int(id) + 1 - slots.count, slots.count, 1024)))
        }
        slots[Int(id)] = UInt32(position + 1)
    }

    /// Every entry with its task's id, in no particular order.
    var entries: Zip2Sequence<[TaskID], [Value]> { zip(ids, values) }
}

extension TaskTable: Sendable where Value: Sendable {}

extension TaskTable: Equatable where Value: Equatable {
    /// The same tasks with the same values, wherever each entry sits.
    static func == (a: Self, b: Self) -> Bool {
        a.count == b.count && a.entries.allSatisfy { id, value in b[id] == value }
    }
}
