/// Values by the runtime's task id. A process numbers its tasks from 1 up, so an array
/// indexed by id serves them without hashing (the translator looks one up per record);
/// ids past `denseLimit` go to a dictionary.
struct RuntimeTaskTable<Value> {
    private var dense: [Value?] = []
    private var sparse: [UInt64: Value] = [:]
    static var denseLimit: UInt64 { 1 << 24 }

    subscript(id: UInt64) -> Value? {
        get {
            if id < UInt64(dense.count) { return dense[Int(id)] }
            return id < Self.denseLimit ? nil : sparse[id]
        }
        set {
            if id < UInt64(dense.count) {
                dense[Int(id)] = newValue
            } else if id < Self.denseLimit {
                // Past the end every value is nil already: no room is made to clear one.
                guard newValue != nil else { return }
                grow(to: Int(id))
                dense[Int(id)] = newValue
            } else {
                sparse[id] = newValue
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

    private mutating func grow(to index: Int) {
        guard index >= dense.count else { return }
        dense.append(contentsOf: repeatElement(nil, count: max(index + 1 - dense.count, dense.count, 1024)))
    }
}
