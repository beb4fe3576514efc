import TraceModel

/// Numbers as the views print them.
enum Format {
    /// `1,234,567`
    static func count<T: BinaryInteger>(_ n: T) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// `950`, `12.3k`, `4.1M`
    static func rate(_ x: Double) -> String {
        switch x {
        case ..<1_000: String(Int(x.rounded()))
        case ..<1_000_000: Ticks.formatNumber((x / 100).rounded() / 10) + "k"
        default: Ticks.formatNumber((x / 100_000).rounded() / 10) + "M"
        }
    }

    /// Session time in units with up to `decimals` places: `12.35`.
    static func units(_ ticks: Int64, decimals: Int = 2) -> String { Ticks.format(ticks, decimals: decimals) }

    /// Session time with exactly two decimals, for columns that must line up: `10.30`.
    static func fixed(_ ticks: Int64) -> String {
        let hundredths = ticks.saturatingAdd(Ticks.perUnit / 200) / (Ticks.perUnit / 100)
        let frac = hundredths % 100
        return "\(hundredths / 100)." + (frac < 10 ? "0" : "") + "\(frac)"
    }

    /// A duration with its unit: `0.25 u`.
    /// `unit` is `u` for a scenario's units, `s` for a traced program's seconds.
    static func duration(_ ticks: Int64, unit: String = "u") -> String {
        ticks > 0 && ticks < Ticks.perUnit / 100 ? "\(Ticks.format(ticks, decimals: 6)) \(unit)" : "\(Ticks.format(ticks)) \(unit)"
    }
}
