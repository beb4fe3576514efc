import Foundation
import Testing
@testable import TaskTrace

/// Following a log as it grows. Each step waits for the follower's answer, so nothing
/// depends on how fast the polling is.
@Suite struct SessionLogFollowTests {
    static let events = LogSamples.everyKind

    @Test func followsAGrowingFileLineByLine() async throws {
        let folder = TempFolder()
        // Nothing yet: the header is waited for.
        let path = folder.file("live.jsonl", "")
        var iterator = SessionLogReader.follow(path, pollInterval: .milliseconds(2)).makeAsyncIterator()

        let header = LogSamples.headerLine
        folder.append("live.jsonl", String(header.prefix(10)))
        folder.append("live.jsonl", String(header.dropFirst(10)) + "\n" + Self.events[0].jsonLine + "\n")
        #expect(try await iterator.next() == .header(LogSamples.header))
        #expect(try await iterator.next() == .events([Self.events[0]]))

        // A line written in two pieces is held until its newline arrives.
        let line = Self.events[1].jsonLine
        folder.append("live.jsonl", String(line.prefix(7)))
        folder.append("live.jsonl", String(line.dropFirst(7)) + "\n" + Self.events[2].jsonLine + "\n")
        #expect(try await iterator.next() == .events([Self.events[1], Self.events[2]]))

        let rest = Self.events[3...].map(\.jsonLine).joined(separator: "\n") + "\n"
        folder.append("live.jsonl", rest)
        var collected: [TaskEvent] = []
        while collected.count < Self.events.count - 3 {
            guard case let .events(batch)? = try await iterator.next() else { Issue.record("expected events"); return }
            collected += batch
        }
        #expect(collected == Array(Self.events[3...]))
    }

    @Test func endsWhenCancelled() async throws {
        let folder = TempFolder()
        let path = folder.file("quiet.jsonl", LogSamples.log(Array(Self.events.prefix(2))))
        let (seen, continuation) = AsyncStream.makeStream(of: SessionLogItem.self)
        let follower = Task {
            var count = 0
            for try await item in SessionLogReader.follow(path, pollInterval: .milliseconds(2)) {
                continuation.yield(item)
                count += 1
            }
            return count
        }
        var iterator = seen.makeAsyncIterator()
        #expect(await iterator.next() == .header(LogSamples.header))
        #expect(await iterator.next() == .events(Array(Self.events.prefix(2))))
        // The file is quiet now; the follower polls until it is cancelled.
        follower.cancel()
        #expect(try await follower.value == 2)
    }

    @Test func endsAtTheEndRecordItsWriterClosedTheLogWith() async throws {
        let folder = TempFolder()
        let path = folder.path("closed.jsonl")
        let writer = try SessionLogWriter(path: path, header: LogSamples.header)
        writer.write(Array(Self.events.prefix(3)))
        writer.flush()
        var items: [SessionLogItem] = []
        var iterator = SessionLogReader.follow(path, pollInterval: .milliseconds(2)).makeAsyncIterator()
        #expect(try await iterator.next() == .header(LogSamples.header))
        #expect(try await iterator.next() == .events(Array(Self.events.prefix(3))))
        writer.write([Self.events[3]])
        writer.close()
        while let item = try await iterator.next() { items.append(item) }
        // The last event, then the end: the sequence finishes by itself.
        #expect(items == [.events([Self.events[3]])])
    }

    @Test func waitsForAFileThatDoesNotExistYet() async throws {
        let folder = TempFolder()
        let path = folder.path("later.jsonl")
        var iterator = SessionLogReader.follow(path, pollInterval: .milliseconds(2)).makeAsyncIterator()
        #expect(try await iterator.next() == .waitingForFile)
        _ = folder.file("later.jsonl", LogSamples.log(Array(Self.events.prefix(1))))
        #expect(try await iterator.next() == .header(LogSamples.header))
        #expect(try await iterator.next() == .events(Array(Self.events.prefix(1))))
    }

    @Test func givesUpOnAMissingFileAfterTheWaitLimit() async throws {
        let folder = TempFolder()
        var iterator = SessionLogReader.follow(folder.path("never.jsonl"), pollInterval: .milliseconds(2),
                                               waitForFile: .milliseconds(50)).makeAsyncIterator()
        #expect(try await iterator.next() == .waitingForFile)
        await #expect(throws: SessionLogError(.noSuchFile, file: folder.path("never.jsonl"), reason: "no such file (waited 0.05 s for it)")) {
            try await iterator.next()
        }
    }

    @Test func bigFilesComeInBatches() async throws {
        let folder = TempFolder()
        let many = (0..<10_000).map { TaskEvent(time: Int64($0), task: 1, kind: .counter(name: "n", value: Int64($0))) }
        let path = folder.file("big.jsonl", LogSamples.log(many))
        var iterator = SessionLogReader.follow(path, batchSize: 1000).makeAsyncIterator()
        #expect(try await iterator.next() == .header(LogSamples.header))
        var collected: [TaskEvent] = []
        while collected.count < many.count {
            guard case let .events(batch)? = try await iterator.next() else { Issue.record("expected events"); return }
            #expect(batch.count <= 1000)
            collected += batch
        }
        #expect(collected == many)
    }

    @Test func errorsWaitingCannotFix() async throws {
        let folder = TempFolder()
        var missing = SessionLogReader.follow(folder.path("nope.jsonl"), waitForFile: .zero).makeAsyncIterator()
        await #expect(throws: SessionLogError(.noSuchFile, file: folder.path("nope.jsonl"), reason: "no such file")) {
            try await missing.next()
        }

        let path = folder.file("bad.jsonl", LogSamples.log([]) + #"{"t":1,"task":1,"k":"zap"}"# + "\n")
        var bad = SessionLogReader.follow(path).makeAsyncIterator()
        #expect(try await bad.next() == .header(LogSamples.header))
        do {
            _ = try await bad.next()
            Issue.record("a corrupt line passed")
        } catch {
            #expect(error.description == "\(path):2: field 'k': unknown event kind 'zap'")
        }

        let shrinking = folder.file("shrink.jsonl", LogSamples.log(Array(Self.events.prefix(3))))
        var follower = SessionLogReader.follow(shrinking).makeAsyncIterator()
        _ = try await follower.next()
        _ = try await follower.next()
        #expect(truncate(shrinking, 10) == 0)
        await #expect(throws: SessionLogError(.fileShrank, file: shrinking,
                                              reason: "the file shrank while being followed (was it rewritten?)")) {
            try await follower.next()
        }

        let replaced = folder.file("replaced.jsonl", LogSamples.log(Array(Self.events.prefix(3))))
        var replacedFollower = SessionLogReader.follow(replaced).makeAsyncIterator()
        _ = try await replacedFollower.next()
        _ = try await replacedFollower.next()
        try FileManager.default.removeItem(atPath: replaced)
        folder.file("replaced.jsonl", LogSamples.log(Array(Self.events.prefix(3))))
        await #expect(throws: SessionLogError(.fileReplaced, file: replaced,
                                              reason: "the file was deleted or replaced while being followed")) {
            try await replacedFollower.next()
        }
    }

    @Test func backwardsTimesAreReportedAsTheyHappen() async throws {
        let folder = TempFolder()
        let events = [TaskEvent(time: 10, task: 0, kind: .threads(count: 1)), TaskEvent(time: 5, task: 0, kind: .threads(count: 2))]
        let path = folder.file("back.jsonl", LogSamples.log(events))
        var iterator = SessionLogReader.follow(path).makeAsyncIterator()
        #expect(try await iterator.next() == .header(LogSamples.header))
        #expect(try await iterator.next() == .events([events[0], TaskEvent(time: 10, task: 0, kind: .threads(count: 2))]))
        guard case let .warning(warning)? = try await iterator.next() else { Issue.record("expected a warning"); return }
        #expect(warning.kind == .timeWentBack(count: 1))
        #expect(warning.line == 3)
    }
}
