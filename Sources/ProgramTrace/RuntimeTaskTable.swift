/// Values by the runtime's task id. A process numbers its tasks from 1 up, so an array
/// indexed by id serves them without hashing (the translator looks one up per record);
/// ids past `denseLimit` go to a dictionary.
struct RuntimeTaskTable<Value> {
    private var dense: [Value?] = []
    private var sparse: [UInt64: Value] = [:]
    static var denseLimit: UInt64 { 1 << 24 }

    subscript(id: UInt64) -> Value? {
        @inline(__always)
        get {
            if id < UInt64(dense.count) { return dense[Int(id)] }
            return id < Self.denseLimit ? nil : sparse[id]
        }
        @inline(__always)
        set {
            if id < UInt64(dense.count) {
                dense[Int(id)] = newValue
            } else {
                store(newValue, past: id)
            }
        }
        _modify {
            if id < Self.denseLimit {
                grow(to: Int(id))
                yield &dense[Int(id)]
            } else {
                yield &sparse[id]
            }
        }
    }

    /// Changes the value of `id` where it is, if there is one; returns what `change`
    /// returned (nil: no value). One look-up, where reading a value and storing it back
    /// takes two and copies it twice (and an optional-chained write through the subscript
    /// goes through an accessor's frame on the heap).
    @inline(__always) @discardableResult
    mutating func update<Result>(_ id: UInt64, _ change: (inout Value) -> Result) -> Result? {
        if id < UInt64(dense.count) {
            guard dense[Int(id)] != nil else { return nil }
            return change(&dense[Int(id)]!)
        }
        guard id >= Self.denseLimit, sparse[id] != nil else { return nil }
        return change(&sparse[id]!)
    }

    /// The setter's rare case: an id past the room made so far.
    private mutating func store(_ value: Value?, past id: UInt64) {
        if id < Self.denseLimit {
            // Past the end every value is nil already: no room is made to clear one.
            guard value != nil else { return }
            grow(to: Int(id))
            dense[Int(id)] = value
        } else {
            sparse[id] = value
        }
    }

    private mutating func grow(to index: Int) {
        guard index >= dense.count else { return }
        dense.append(contentsOf: repeatElement(nil, count: max(index + 1 - dense.count, dense.count, 1024)))
    }
}
