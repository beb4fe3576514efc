/// A value of a scenario that a person can turn while it runs, or the executor's
/// worker-thread count, which a dashboard shows and turns as one more knob. Its value is
/// read from the events: `.knob` events under its name, or `.threads` events.
public struct KnobSpec: Sendable, Equatable {
    /// Where a knob's value is read from in the events.
    public enum Reads: Sendable, Equatable {
        /// `.knob(name:value:)` events under the knob's name.
        case knobEvents
        /// `.threads(count:)` events.
        case threadCount
    }

    public let name: String
    public let summary: String
    public let range: ClosedRange<Int>
    public let defaultValue: Int
    /// How far one `+` or `-` moves it.
    public let step: Int
    public let reads: Reads

    public init(_ name: String, _ summary: String, range: ClosedRange<Int>, default defaultValue: Int, step: Int = 1,
                reads: Reads = .knobEvents) {
        self.name = name
        self.summary = summary
        self.range = range
        self.defaultValue = defaultValue
        self.step = step
        self.reads = reads
    }

    public func clamp(_ value: Int) -> Int { min(range.upperBound, max(range.lowerBound, value)) }

    /// The executor's worker-thread count.
    public static func threads(range: ClosedRange<Int> = 1...64, default defaultValue: Int = 1) -> KnobSpec {
        KnobSpec("threads", "executor worker threads", range: range, default: defaultValue, reads: .threadCount)
    }
}
