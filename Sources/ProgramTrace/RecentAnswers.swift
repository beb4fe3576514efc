/// The answers to the last few look-ups by code address, kept in front of a dictionary: the
/// translator asks about the same handful of call sites' code record after record, and
/// comparing a few addresses costs less than hashing one. An answer may itself be nil
/// (`RecentAnswers<String?>`: "no name"), which is told apart from "not asked lately".
struct RecentAnswers<Value> {
    static var capacity: Int { 8 }
    /// Side by side, at most `capacity` each. (Arrays: inline storage of `Value`s would be
    /// copied whole at every look-up.)
    private var addresses: [UInt64] = []
    private var answers: [Value] = []
    /// The entry the next new answer replaces once all are in use: the oldest.
    private var oldest = 0

    init() {}

    /// The answer remembered for `address`; nil if it was not asked about lately.
    subscript(address: UInt64) -> Value? {
        addresses.withUnsafeBufferPointer { remembered in
            remembered.firstIndex(of: address).map { answers[$0] }
        }
    }

    /// Remembers `answer` for an `address` not remembered now.
    mutating func remember(_ answer: Value, for address: UInt64) {
        if addresses.count < Self.capacity {
            addresses.append(address)
            answers.append(answer)
        } else {
            addresses[oldest] = address
            answers[oldest] = answer
            oldest = (oldest + 1) % Self.capacity
        }
    }

    /// Forgets every answer: what they were worked out from has changed.
    mutating func forgetAll() {
        addresses.removeAll(keepingCapacity: true)
        answers.removeAll(keepingCapacity: true)
        oldest = 0
    }
}
