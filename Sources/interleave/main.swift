import TaskTrace
import Foundation

let session = TraceSession(threads: 1, time: CommandLine.arguments.count > 1 ? .real(speed: 20) : .virtual)
let events = session.bus.subscribe()
let root = session.start("main") {
    var tasks: [TracedTask<Void>] = []
    for n in 1...4 {
        tasks.append(Trace.spawn("url_\(n)") {
            session.record(.message("crawling url_\(n)"))
            try await Trace.sleep(units: Double(n))
            session.record(.message("OK url_\(n)"))
        })
    }
    for t in tasks { try await t.value }
}
_ = try await root.task.value
session.finish()
for await batch in events {
    for e in batch { print(Ticks.format(e.time), e.task, e.kind) }
}
