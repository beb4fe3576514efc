/// How a cell looks, as meaning rather than colour: the backend maps each role to a colour
/// pair, or to plain attributes on a monochrome terminal, so views never name a colour.
public struct Style: Hashable, Sendable {
    public var role: Role
    public var attributes: Attributes

    public init(_ role: Role = .normal, _ attributes: Attributes = []) {
        self.role = role
        self.attributes = attributes
    }

    public static let normal = Style()

    public func with(_ extra: Attributes) -> Style { Style(role, attributes.union(extra)) }

    /// What a cell stands for. Task states first, then chrome.
    public enum Role: UInt8, Sendable, CaseIterable {
        case normal
        case running, brief, ready, pending
        case sleep, queue, semaphore, awaiting, yield, other
        case completed, cancelled, failed, compacted
        case title, label, dim, accent, warning, selected
        /// Six colours that tell tasks apart on thread lanes.
        case task0, task1, task2, task3, task4, task5

        public static func task(_ id: UInt32) -> Role {
            Role(rawValue: Role.task0.rawValue + UInt8(id % 6))!
        }
    }

    public struct Attributes: OptionSet, Hashable, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let bold = Attributes(rawValue: 1)
        public static let reverse = Attributes(rawValue: 2)
        public static let underline = Attributes(rawValue: 4)
        public static let dim = Attributes(rawValue: 8)
    }
}
