import Testing
@testable import TraceModel

@Suite struct DecimalNameTests {
    @Test func writesAsInterpolationDoes() {
        for value: UInt64 in [0, 7, 9, 10, 99, 100, 12_345, 999_999, 1_000_000, 1 << 40, .max] {
            #expect(String("task ", decimal: value) == "task \(value)")
        }
        #expect(String("", decimal: 42) == "42")
    }
}

@Suite struct JoinedTextTests {
    @Test func joinsAsInterpolationDoes() {
        let long = String(repeating: "ä", count: 40)
        for name in ["", "task 7", "closure #1 in fetch #1 (_:) in closure #2 in Pages.main()", long] {
            #expect(String(joining: name, " was still ", "ready", "") == "\(name) was still ready")
        }
        #expect(String(joining: "", "") == "")
    }
}
