/// One character position on the screen: a character and its style. The right half of a
/// double-width character holds `continuation`, which the backend and `lines` skip.
public struct Cell: Hashable, Sendable {
    public var scalar: Unicode.Scalar
    public var style: Style

    public init(_ scalar: Unicode.Scalar = " ", _ style: Style = .normal) {
        self.scalar = scalar
        self.style = style
    }

    public static let blank = Cell()
    public static let continuationScalar: Unicode.Scalar = "\u{0}"
    public var isContinuation: Bool { scalar == Cell.continuationScalar }
}
