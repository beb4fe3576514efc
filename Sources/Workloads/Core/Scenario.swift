import TaskTrace

/// A workload Interleave can run and show: the tutorial's programs ("seed" scenarios) and
/// endless ones made to be played with ("live" scenarios). The body runs as the root task
/// of a traced session and reads its knobs through the context.
public struct Scenario: Sendable, Identifiable {
    public enum Kind: Sendable, Equatable {
        /// Finishes by itself; `expectedUnits` is the tutorial's wall time, where it gives one.
        case seed(expectedUnits: Double?)
        /// Runs until stopped.
        case live
    }

    public let name: String
    public let summary: String
    public let kind: Kind
    public let knobs: [KnobSpec]
    public let body: @Sendable (ScenarioContext) async throws -> Void

    public var id: String { name }
    public var isLive: Bool { kind == .live }

    public init(
        name: String,
        summary: String,
        kind: Kind,
        knobs: [KnobSpec] = [],
        body: @escaping @Sendable (ScenarioContext) async throws -> Void
    ) {
        self.name = name
        self.summary = summary
        self.kind = kind
        self.knobs = knobs
        self.body = body
    }

    public func knob(named name: String) -> KnobSpec? { knobs.first { $0.name == name } }
}

/// Why a scenario could not be set up; each reads as one line for the user.
public enum ScenarioError: Error, Equatable, CustomStringConvertible {
    case unknownScenario(String, known: [String])
    case unknownKnob(String, scenario: String, known: [String])
    case badKnobValue(knob: String, value: String, range: ClosedRange<Int>)
    case malformedSetting(String)

    public var description: String {
        switch self {
        case let .unknownScenario(name, known):
            "unknown scenario '\(name)'; known: \(known.joined(separator: ", "))"
        case let .unknownKnob(knob, scenario, known):
            known.isEmpty
                ? "scenario '\(scenario)' has no knobs, so '\(knob)' cannot be set"
                : "scenario '\(scenario)' has no knob '\(knob)'; its knobs: \(known.joined(separator: ", "))"
        case let .badKnobValue(knob, value, range):
            "knob '\(knob)' takes a whole number from \(range.lowerBound) to \(range.upperBound), not '\(value)'"
        case let .malformedSetting(text):
            "--set takes knob=value, not '\(text)'"
        }
    }
}
