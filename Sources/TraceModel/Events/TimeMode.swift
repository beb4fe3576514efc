import Foundation

/// How scenario time passes.
public enum TimeMode: Sendable, Equatable {
    /// Jumps to the next deadline whenever nothing can run: exact unit timings, no waiting.
    case virtual
    /// Follows the monotonic clock, `speed` units per second (1 = the tutorial's seconds).
    case real(speed: Double)

    public var label: String {
        switch self {
        case .virtual: "virtual"
        case let .real(speed): "\(Ticks.formatNumber(speed))x"
        }
    }
}

extension Ticks {
    /// A number with at most two decimals and no trailing zeros: `20`, `0.25`.
    public static func formatNumber(_ value: Double) -> String {
        format(Int64((value * Double(perUnit)).rounded()))
    }
}
