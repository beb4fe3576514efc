import ArgumentParser
import Workloads

/// `interleave list`: every scenario, what it shows, and its knobs.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the scenarios and their knobs.")

    func run() {
        let width = Catalog.all.map(\.name.count).max() ?? 10
        for scenario in Catalog.all {
            let kind = scenario.isLive ? "live" : "seed"
            print("\(scenario.name.padding(toLength: width, withPad: " ", startingAt: 0))  [\(kind)]  \(scenario.summary)")
            for knob in scenario.knobs {
                print(String(repeating: " ", count: width + 4)
                      + "--set \(knob.name)=N  \(knob.summary) (\(knob.range.lowerBound)…\(knob.range.upperBound), default \(knob.defaultValue))")
            }
        }
    }
}
