import ProgramTrace
import Testing

@Suite struct SwiftSymbolNameTests {
    @Test(arguments: [
        ("(1) suspend resume partial function for closure #1 () async -> Swift.Int in static app.App.main() async throws -> ()",
         "closure #1 in App.main()"),
        ("async function pointer to partial apply forwarder for closure #4 () async throws -> Swift.Int in static app.App.main() async throws -> ()",
         "closure #4 in App.main()"),
        ("(2) suspend resume partial function for closure #1 () async -> Swift.Int in closure #3 (inout Swift.TaskGroup<Swift.Int>) async -> Swift.Int in static app.App.main() async throws -> ()",
         "closure #1 in closure #3 in App.main()"),
        ("async function pointer to implicit closure #2 @Sendable () async -> Swift.Int in static app.App.main() async throws -> ()",
         "implicit closure #2 in App.main()"),
        ("(1) suspend resume partial function for closure #1 @Sendable () async -> () in crawler.crawl(urls: [Swift.String], depth: Swift.Int) async -> ()",
         "closure #1 in crawl(urls:depth:)"),
        ("(3) suspend resume partial function for app.fetch(Swift.Int) async -> Swift.Int", "fetch(_:)"),
        ("generic specialization <Swift.Int> of app.Box.value.getter : A", "Box.value"),
        // An `async let` under -O: a thunk specialized for its closure, arrows in the bracket.
        ("async function pointer to function signature specialization <Arg[1] = [Constant Propagated Function : implicit closure #1 () async throws -> Swift.Int in static ConcDemo.ConcDemo.main() async -> ()]> of reabstraction thunk helper from @escaping @callee_guaranteed @async () -> (@unowned Swift.Int, @error @owned Swift.Error) to @escaping @callee_guaranteed @async () -> sending (@out Swift.Int, @error @owned Swift.Error)",
         "implicit closure #1 in ConcDemo.main()"),
        ("function signature specialization <Arg[0] = Owned To Guaranteed, Arg[1] = [Closure Propagated : closure #1 () -> Swift.Int in app.f() -> ()]> of app.compute(() -> Swift.Int) -> Swift.Int",
         "compute(_:)"),
    ])
    func namesAreShortAndSayWhere(demangled: String, expected: String) {
        let name = SwiftSymbolName(demangled: demangled)
        #expect(name?.text == expected)
        #expect(name?.isUserCode == true)
    }

    @Test func theStandardLibrarysCodeIsNotTheTasksOwn() {
        let sleep = SwiftSymbolName(demangled: "(2) await resume partial function for generic specialization <Swift.ContinuousClock> of static (extension in Swift):Swift.Task< where A == Swift.Never, B == Swift.Never>._sleep<A where A1: Swift.Clock>(until: A1.Instant, tolerance: Swift.Optional<A1.Duration>, clock: A1) async throws -> ()")
        #expect(sleep?.module == "Swift")
        #expect(sleep?.isUserCode == false)
        let next = SwiftSymbolName(demangled: "(3) suspend resume partial function for Swift.TaskGroup.Iterator.next(isolation: isolated Swift.Optional<Swift.Actor>) async -> Swift.Optional<A>")
        #expect(next?.isUserCode == false)
    }

    @Test func thunksAndRuntimeFunctionsNameNothing() {
        #expect(SwiftSymbolName(demangled: "async function pointer to partial apply forwarder for generic not re-abstracted specialization <Swift.Int> of reabstraction thunk helper <A where A: Swift.Sendable> from @escaping @isolated(any) @callee_guaranteed @async () -> (@out A) to @escaping @callee_guaranteed @async () -> (@out A, @error @owned Swift.Error)") == nil)
        #expect(SwiftSymbolName(demangled: "_ZL14future_adapterPN5swift12AsyncContextE") == nil)
    }

    @Test func theAsyncEntryPointIsMain() {
        let name = SwiftSymbolName(demangled: "async function pointer to function signature specialization <Arg[1] = [Constant Propagated Function : async_Main]> of reabstraction thunk helper from @escaping @convention(thin) @async () -> () to @escaping @callee_guaranteed @async () -> (@out (), @error @owned Swift.Error)")
        #expect(name?.text == "main")
        #expect(name?.isAsyncMain == true)
    }
}
