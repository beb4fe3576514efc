import Foundation

/// The ranges of the command line's numeric options, and the one line that names the
/// range when a value falls outside it. Every value is checked here before any arithmetic
/// sees it: a speed of 1e-12 or a duration of 1e300 would otherwise overflow the
/// conversion to ticks and crash the run.
public enum OptionValue {
    /// A value outside its option's range, as one line for stderr.
    public struct Invalid: Error, CustomStringConvertible, Equatable {
        public let description: String
    }

    /// Scenario units per real second.
    public static let speedRange: ClosedRange<Double> = 0.001...10_000
    /// Units of scenario time: at least a microsecond, at most about 31 years of tutorial
    /// seconds (ticks stay far from `Int64.max`).
    public static let durationRange: ClosedRange<Double> = 0.000_001...1_000_000_000
    /// Executor worker threads.
    public static let threadRange: ClosedRange<Int> = 1...64
    /// Real seconds a follower waits for a log that does not exist yet.
    public static let waitRange: ClosedRange<Double> = 0.1...1_000_000

    public static func speed(_ text: String) throws(Invalid) -> Double {
        try number(text, option: "--speed", what: "a number of units per second", in: speedRange)
    }

    public static func duration(_ text: String) throws(Invalid) -> Double {
        try number(text, option: "--duration", what: "a number of units", in: durationRange)
    }

    public static func wait(_ text: String) throws(Invalid) -> Double {
        try number(text, option: "--wait", what: "a number of seconds", in: waitRange)
    }

    public static func threads(_ text: String, option: String = "--threads") throws(Invalid) -> Int {
        try whole(text, option: option, in: threadRange)
    }

    public static func seed(_ text: String) throws(Invalid) -> UInt64 {
        try whole(text, option: "--seed", in: UInt64.min...UInt64.max)
    }

    /// A finite decimal number inside `range`.
    public static func number(_ text: String, option: String, what: String,
                              in range: ClosedRange<Double>) throws(Invalid) -> Double {
        guard let value = Double(text), value.isFinite, range.contains(value) else {
            throw Invalid(description: "\(option) takes \(what) from \(format(range.lowerBound)) to \(format(range.upperBound)), not '\(text)'")
        }
        return value
    }

    /// A whole number inside `range` (no sign on unsigned types, no exponent, no fraction).
    public static func whole<Value: FixedWidthInteger>(_ text: String, option: String,
                                                      in range: ClosedRange<Value>) throws(Invalid) -> Value {
        guard let value = Value(text), range.contains(value) else {
            throw Invalid(description: "\(option) takes a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'")
        }
        return value
    }

    /// `0.001`, `10000`, `1000000000`: plain decimals, never exponents.
    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        var text = String(format: "%.6f", value)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }
}
