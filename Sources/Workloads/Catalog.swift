/// Every scenario Interleave can run, in the order `interleave list` shows them and the
/// dashboard's `1`…`9` keys pick them.
public enum Catalog {
    public static let all: [Scenario] = [
        Crawl.sequential, Crawl.tasks, Crawl.gather,
        Workers.awaited, Workers.tasks, Workers.cancel,
        ProducerConsumer.scenario, Callback.scenario,
        MovieCrawler.sequential, MovieCrawler.concurrent,
        BoundedCrawl.scenario,
        Pipeline.scenario, Crawler.scenario, Chains.scenario,
    ] + mistakes

    /// Scenarios that make a mistake on purpose, each raising a warning (listed apart).
    public static let mistakes: [Scenario] = Mistakes.all

    /// What `interleave` with no arguments opens.
    public static let defaultScenario = Pipeline.scenario

    public static func named(_ name: String) -> Scenario? { all.first { $0.name == name } }

    /// The scenario called `name`, or an error that lists the known ones.
    public static func scenario(named name: String) throws -> Scenario {
        guard let scenario = named(name) else {
            throw ScenarioError.unknownScenario(name, known: all.map(\.name))
        }
        return scenario
    }

    /// Parses `--set knob=value` settings against a scenario's knobs.
    public static func parseSettings(_ settings: [String], for scenario: Scenario) throws -> [String: Int] {
        var values: [String: Int] = [:]
        for setting in settings {
            let parts = setting.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty else { throw ScenarioError.malformedSetting(setting) }
            let (name, text) = (parts[0], parts[1])
            guard let spec = scenario.knob(named: name) else {
                throw ScenarioError.unknownKnob(name, scenario: scenario.name, known: scenario.knobs.map(\.name))
            }
            guard let value = Int(text), spec.range.contains(value) else {
                throw ScenarioError.badKnobValue(knob: name, value: text, range: spec.range)
            }
            values[name] = value
        }
        return values
    }
}
