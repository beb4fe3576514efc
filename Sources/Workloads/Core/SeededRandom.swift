import TaskTrace

/// SplitMix64: small, fast and the same on every platform, so a seed always yields the
/// same run. Shared by a scenario's tasks behind a lock; with one thread the order of
/// draws, and so the values, are deterministic.
public final class SeededRandom: Sendable {
    private let state: PosixMutex<UInt64>

    public init(seed: UInt64) { state = PosixMutex(seed) }

    public func next() -> UInt64 {
        state.withLock { s in
            s &+= 0x9E37_79B9_7F4A_7C15
            var z = s
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// A whole number in `range`, uniformly.
    public func int(in range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(next() % span)
    }

    /// A number in `range`, uniformly.
    public func double(in range: ClosedRange<Double>) -> Double {
        let unit = Double(next() >> 11) / Double(1 << 53)
        return range.lowerBound + unit * (range.upperBound - range.lowerBound)
    }

    /// True with probability `percent` / 100.
    public func chance(percent: Int) -> Bool { int(in: 0...99) < percent }
}
