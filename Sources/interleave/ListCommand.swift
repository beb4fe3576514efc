import ArgumentParser
import Workloads

/// `interleave list`: every scenario, what it shows, and its knobs.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the scenarios and their knobs.")

    func run() {
        let width = Catalog.all.map(\.name.count).max() ?? 10
        let mistakes = Set(Catalog.mistakes.map(\.name))
        for scenario in Catalog.all where !mistakes.contains(scenario.name) {
            let kind = scenario.isLive ? "live" : "seed"
            print("\(scenario.name.padding(toLength: width, withPad: " ", startingAt: 0))  [\(kind)]  \(scenario.summary)")
            for knob in scenario.knobs {
                print(String(repeating: " ", count: width + 4)
                      + "--set \(knob.name)=N  \(knob.summary) (\(knob.range.lowerBound)…\(knob.range.upperBound), default \(knob.defaultValue))")
            }
        }
        print()
        print("Mistakes on purpose (each ends with a warning; see the report's Warnings section):")
        for scenario in Catalog.mistakes {
            print("\(scenario.name.padding(toLength: width, withPad: " ", startingAt: 0))  [seed]  \(scenario.summary)")
        }
    }
}
