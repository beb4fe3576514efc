import Testing
import TraceModel

@Suite struct DecimalNameTests {
    @Test func writesAsInterpolationDoes() {
        for value: UInt64 in [0, 7, 9, 10, 99, 100, 12_345, 999_999, 1_000_000, 1 << 40, .max] {
            #expect(String("task ", decimal: value) == "task \(value)")
        }
        #expect(String("", decimal: 42) == "42")
    }
}
