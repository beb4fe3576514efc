import Foundation
import Testing
@testable import TaskTrace

/// Seeded random damage to a valid log: the reader must only ever return events or one
/// clear line of error, never crash or hang.
@Suite struct SessionLogFuzzTests {
    static func damage(_ original: [UInt8], random: inout TestRandom) -> [UInt8] {
        var bytes = original
        for _ in 0...random.below(3) {
            guard !bytes.isEmpty else { break }
            switch random.below(8) {
            case 0: // flip bits
                for _ in 0...random.below(4) {
                    let i = random.below(bytes.count)
                    bytes[i] ^= UInt8(truncatingIfNeeded: 1 << random.below(8))
                }
            case 1: // truncate
                bytes.removeLast(random.below(bytes.count))
            case 2, 3: // swap, delete or duplicate lines
                var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
                guard lines.count > 2 else { break }
                let a = random.below(lines.count), b = random.below(lines.count)
                switch random.below(3) {
                case 0: lines.swapAt(a, b)
                case 1: lines.remove(at: a)
                default: lines.insert(lines[a], at: b)
                }
                bytes = Array(lines.joined(separator: [0x0A]))
            case 4: // insert garbage
                let garbage = (0...random.below(12)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                bytes.insert(contentsOf: garbage, at: random.below(bytes.count))
            case 5: // insert an escape sequence or JSON-looking noise
                let noise = ["\u{1B}[2J", "\u{1B}]0;x\u{7}", "\\u001b", "\"", "{", "}", ",", ":", "\n", "\\", "\u{9B}", "-", "99999999999999999999", "null"]
                bytes.insert(contentsOf: Array(noise[random.below(noise.count)].utf8), at: random.below(bytes.count))
            case 6: // delete a run of bytes
                let i = random.below(bytes.count)
                bytes.removeSubrange(i..<min(bytes.count, i + 1 + random.below(20)))
            default: // replace a digit
                if let i = bytes.indices.filter({ bytes[$0] >= 0x30 && bytes[$0] <= 0x39 }).randomElement(using: &random) {
                    bytes[i] = UInt8(0x30 + random.below(10))
                }
            }
        }
        return bytes
    }

    @Test func damagedLogsGiveEventsOrOneClearLine() throws {
        let folder = TempFolder()
        let original = Array(LogSamples.log(LogSamples.everyKind).utf8)
        var random = TestRandom(state: 20_250_101)
        var outcomes = (ok: 0, failed: 0, warned: 0)
        for round in 0..<600 {
            let bytes = Self.damage(original, random: &random)
            let path = folder.path("fuzz-\(round % 4).jsonl")
            _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
            do {
                let reader = try SessionLogReader(path: path, batchSize: 5)
                var count = 0
                while let batch = try reader.nextBatch() {
                    count += batch.count
                    #expect(count <= bytes.count, "more events than bytes: a loop")
                }
                outcomes.ok += 1
                if !reader.warnings.isEmpty { outcomes.warned += 1 }
                for warning in reader.warnings { Self.checkOneSafeLine(warning.description, path: path) }
            } catch {
                outcomes.failed += 1
                Self.checkOneSafeLine(error.description, path: path)
            }
        }
        // The damage is real: both outcomes happen.
        #expect(outcomes.ok > 20)
        #expect(outcomes.failed > 20)
    }

    static func checkOneSafeLine(_ message: String, path: String) {
        #expect(message.hasPrefix(path + ":"), "\(message)")
        #expect(!message.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }, "\(message.terminalSafe)")
    }
}

extension TestRandom: RandomNumberGenerator {}
