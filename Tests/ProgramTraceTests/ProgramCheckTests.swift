import AgentWire
import Foundation
@testable import ProgramTrace
import Testing

@Suite struct ProgramCheckTests {
    @Test func aFixtureResolvesToTheRuntimeTheAgentKnows() async throws {
        let facts = try ProgramCheck.check(try await ExecSupport.fixture("workers"))
        #expect(facts.runtime.hasSuffix("/libswift_Concurrency.so"))
        #expect(facts.buildID.count == 40)
        #expect(facts.toolchain != nil, "this machine's runtime \(facts.buildID) should be the known one")
    }

    /// Asking the loader can fail (here: a descriptor inherited above a lowered limit makes
    /// Foundation's `Process` fail); a dynamic program is then never taken for one built
    /// with -static-stdlib.
    @Test func aLoaderThatCannotBeAskedIsNotCalledStaticStdlib() async throws {
        let program = try await ExecSupport.fixture("workers")
        let result = try ExecSupport.run("/bin/bash", ["-c", "exec 250</dev/null; ulimit -n 200; exec \"$0\" exec --headless --quiet -- \"$1\"",
                                                     ExecSupport.interleave, program])
        #expect(!result.errors.contains("-static-stdlib"), "\(result.errors)")
        #expect(result.status == 0 || result.errors.contains("dynamic loader"), "\(result.errors)")
    }

    @Test func anUnknownBuildIDIsNoKnownRuntime() {
        #expect(il_known_runtime("0000000000000000000000000000000000000000") == nil)
        #expect(il_known_runtime("") == nil)
    }

    @Test func aProgramIsFoundAlongThePathAsTheShellWould() throws {
        #expect(try ProgramCheck.resolve("true", path: "/nonexistent:/bin:/usr/bin") == "/bin/true")
        #expect(throws: ProgramCheck.Refusal(description: "no-such-tool-here: command not found")) {
            try ProgramCheck.resolve("no-such-tool-here", path: "/bin")
        }
    }

    /// A directory is no program: said so, and never found along PATH (`.` was, as `/bin/.`).
    @Test func aDirectoryIsSaidToBeOne() {
        for name in [".", "..", "/tmp", "/tmp/"] {
            #expect(throws: ProgramCheck.Refusal(description: "\(name): is a directory, not a program")) {
                try ProgramCheck.resolve(name, path: "/bin:/usr/bin")
            }
        }
        #expect(throws: ProgramCheck.Refusal(description: "tmp: command not found")) {
            try ProgramCheck.resolve("tmp", path: "/")
        }
    }

    @Test func truncatedOrForeignFilesAreNotELF() {
        #expect(throws: ELFFile.Malformed.self) { try ELFFile(Data("#!/bin/sh\n".utf8)) }
        var header = [UInt8](repeating: 0, count: 64)
        header[0...4] = [0x7F, 0x45, 0x4C, 0x46, 1]  // a 32-bit ELF
        #expect(throws: ELFFile.Malformed.self) { try ELFFile(Data(header)) }
    }
}
