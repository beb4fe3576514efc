import Foundation
import Testing
@testable import Workloads

/// Every numeric option either gives a value inside its range or one line naming the
/// option, the range and the text: over the values that used to crash, and over random ones.
@Suite struct OptionValueTests {
    static let nasty = [
        "0", "-0", "-5", "nan", "NaN", "inf", "-inf", "infinity", "1e308", "1e-308", "1e300", "1e-12", "1e-300",
        "99999999999999999999", "-99999999999999999999", "18446744073709551616", "9223372036854775808",
        "", " ", "1 ", "abc", "0x10", "1_000", "+", "-", ".", "1e", "4.5.6", "٣",
    ]

    /// Each option as the command line parses it: its name and a parse that returns a
    /// Double-comparable value and the range it must fall in.
    static let options: [(name: String, parse: @Sendable (String) throws(OptionValue.Invalid) -> Double, range: ClosedRange<Double>)] = [
        ("--speed", { t throws(OptionValue.Invalid) in try OptionValue.speed(t) }, OptionValue.speedRange),
        ("--duration", { t throws(OptionValue.Invalid) in try OptionValue.duration(t) }, OptionValue.durationRange),
        ("--wait", { t throws(OptionValue.Invalid) in try OptionValue.wait(t) }, OptionValue.waitRange),
        ("--threads", { t throws(OptionValue.Invalid) in Double(try OptionValue.threads(t)) }, 1...64),
        ("--seed", { t throws(OptionValue.Invalid) in Double(try OptionValue.seed(t)) }, 0...Double(UInt64.max)),
    ]

    static func check(_ text: String) {
        for option in options {
            do {
                let value = try option.parse(text)
                #expect(option.range.contains(value), "\(option.name) \(text) gave \(value)")
                #expect(value.isFinite)
            } catch {
                let line = error.description
                #expect(!line.contains("\n"))
                #expect(line.hasPrefix("\(option.name) takes "), "\(line)")
                #expect(line.hasSuffix("not '\(text)'"), "\(line)")
                let range = line.components(separatedBy: ", not '").first ?? line
                #expect(!range.contains("e+") && !range.contains("e-"), "a range in plain decimals: \(line)")
            }
        }
    }

    @Test func theValuesThatUsedToCrashGetOneLine() {
        for text in Self.nasty { Self.check(text) }
        #expect(throws: OptionValue.Invalid.self) { try OptionValue.speed("1e-12") }
        #expect(throws: OptionValue.Invalid.self) { try OptionValue.duration("1e300") }
        #expect(throws: OptionValue.Invalid.self) { try OptionValue.seed("-5") }
        #expect(throws: OptionValue.Invalid.self) { try OptionValue.threads("0") }
        #expect((try? OptionValue.seed("0")) == 0)
        #expect((try? OptionValue.seed("18446744073709551615")) == UInt64.max)
    }

    @Test func randomNumbersParseInsideTheRangeOrGetOneLine() {
        let random = SeededRandom(seed: 14)
        for _ in 0..<5_000 {
            let magnitude = Double(random.next() % 700) - 350
            let mantissa = Double(random.next() % 1_000_000) / 100_000
            let sign = random.next() % 4 == 0 ? "-" : ""
            let forms = [
                "\(sign)\(mantissa)e\(Int(magnitude))",
                "\(sign)\(random.next() % 100_000)",
                sign + String(repeating: "9", count: Int(random.next() % 25) + 1),
                "\(sign)\(Double(random.next() % 10_000) / 1_000)",
            ]
            for text in forms { Self.check(text) }
        }
    }
}
