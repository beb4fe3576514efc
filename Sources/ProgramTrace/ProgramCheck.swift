import AgentWire
import Foundation

/// What `interleave exec` checks before it starts a program: that it exists and runs, that
/// it is dynamically linked to the Swift concurrency runtime (the agent interposes that
/// runtime's entry points, which a static binary calls directly), and which runtime it is.
public enum ProgramCheck {
    /// Why a program cannot be traced: one line for the user.
    public struct Refusal: Error, CustomStringConvertible, Equatable {
        public let description: String
    }

    /// What the check found.
    public struct Facts: Sendable, Equatable {
        public var path: String
        /// libswift_Concurrency.so as the program's loader resolves it.
        public var runtime: String
        /// The toolchain that runtime came with, when the agent knows its layout.
        public var toolchain: String?
        public var buildID: String
    }

    /// `name` as the shell would find it: a path if it has a slash (or is `.` or `..`), else
    /// along PATH, where only files count (a directory is searchable, not executable).
    public static func resolve(_ name: String, path: String? = ProcessInfo.processInfo.environment["PATH"]) throws(Refusal) -> String {
        if name.contains("/") || name == "." || name == ".." {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: name, isDirectory: &isDirectory) else {
                throw Refusal(description: "\(name): no such file")
            }
            guard !isDirectory.boolValue else { throw Refusal(description: "\(name): is a directory, not a program") }
            guard FileManager.default.isExecutableFile(atPath: name) else { throw Refusal(description: "\(name): not executable") }
            return name
        }
        for directory in (path ?? "").split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
               FileManager.default.isExecutableFile(atPath: candidate) {
                return candidate
            }
        }
        throw Refusal(description: "\(name): command not found")
    }

    public static func check(_ path: String) throws(Refusal) -> Facts {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw Refusal(description: "\(path): cannot be read") }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 1 << 16)) ?? Data()
        let elf: ELFFile
        do {
            elf = try ELFFile(head)
        } catch {
            throw Refusal(description: "\(path): not an ELF executable (\(error.description)); exec runs a compiled Swift program, not a script")
        }
        guard elf.hasInterpreter else {
            throw Refusal(description: "\(path) is statically linked: the agent cannot be loaded into it; build it without -static-executable")
        }
        let libraries = try loadedLibraries(path)
        guard let runtime = libraries["libswift_Concurrency.so"] else {
            if fileContains(path, "swift_task_create") {
                throw Refusal(description: "\(path) has the Swift runtime linked in (-static-stdlib): its concurrency calls cannot be interposed; build it without -static-stdlib")
            }
            throw Refusal(description: "\(path) does not use Swift concurrency (it loads no libswift_Concurrency.so): nothing to trace")
        }
        let buildID = (try? ELFFile.buildID(ofFile: runtime)) ?? ""
        let toolchain = buildID.withCString { il_known_runtime($0) }.map { String(cString: $0) }
        return Facts(path: path, runtime: runtime, toolchain: toolchain, buildID: buildID)
    }

    /// The shared libraries the dynamic loader would load for `path`, by file name. The
    /// loader lists them and exits without running the program (what `ldd` does).
    /// Throws when the loader cannot be asked: the listing is what tells a program built
    /// with -static-stdlib from one that merely imports the runtime, so no guess is made.
    static func loadedLibraries(_ path: String) throws(Refusal) -> [String: String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        var environment = ProcessInfo.processInfo.environment
        environment["LD_TRACE_LOADED_OBJECTS"] = "1"
        environment["LD_PRELOAD"] = nil
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw Refusal(description: "cannot ask the dynamic loader which libraries \(path) loads: \(error.localizedDescription)")
        }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw Refusal(description: "the dynamic loader could not list the libraries \(path) loads (status \(process.terminationStatus))")
        }
        var libraries: [String: String] = [:]
        for line in String(decoding: output, as: UTF8.self).split(separator: "\n") {
            // "\tlibswift_Concurrency.so => /opt/swift/…/libswift_Concurrency.so (0x…)"
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count >= 3, parts[1] == "=>" else { continue }
            libraries[parts[0].trimmingCharacters(in: .whitespaces)] = String(parts[2])
        }
        return libraries
    }

    private static func fileContains(_ path: String, _ text: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: path) else { return false }
        return data.range(of: Data(text.utf8)) != nil
    }
}

/// The few facts of an ELF file the check needs, read with every offset bounds-checked.
struct ELFFile {
    struct Malformed: Error { let description: String }
    let hasInterpreter: Bool

    init(_ data: Data) throws(Malformed) {
        let bytes = [UInt8](data)
        guard bytes.count >= 64, bytes[0] == 0x7F, bytes[1] == 0x45, bytes[2] == 0x4C, bytes[3] == 0x46 else {
            throw Malformed(description: "no ELF header")
        }
        guard bytes[4] == 2 else { throw Malformed(description: "not a 64-bit ELF file") }
        let phoff = Int(Self.read(bytes, 32, UInt64.self))
        let phentsize = Int(Self.read(bytes, 54, UInt16.self))
        let phnum = Int(Self.read(bytes, 56, UInt16.self))
        var interpreter = false
        for i in 0..<phnum {
            let at = phoff + i * phentsize
            guard at >= 0, at + 4 <= bytes.count else { break }
            if Self.read(bytes, at, UInt32.self) == 3 { interpreter = true }  // PT_INTERP
        }
        hasInterpreter = interpreter
    }

    /// The GNU build id of the ELF file at `path`, in hex.
    static func buildID(ofFile path: String) throws(Malformed) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw Malformed(description: "cannot read \(path)") }
        let bytes = [UInt8](data)
        guard bytes.count >= 64 else { throw Malformed(description: "too short") }
        let phoff = Int(read(bytes, 32, UInt64.self)), phentsize = Int(read(bytes, 54, UInt16.self))
        let phnum = Int(read(bytes, 56, UInt16.self))
        for i in 0..<phnum {
            let at = phoff + i * phentsize
            guard at + 56 <= bytes.count else { break }
            guard read(bytes, at, UInt32.self) == 4 else { continue }  // PT_NOTE
            var p = Int(read(bytes, at + 8, UInt64.self))
            let end = min(bytes.count, p + Int(read(bytes, at + 32, UInt64.self)))
            while p + 12 <= end {
                let namesz = Int(read(bytes, p, UInt32.self)), descsz = Int(read(bytes, p + 4, UInt32.self))
                let type = read(bytes, p + 8, UInt32.self)
                let desc = p + 12 + ((namesz + 3) & ~3)
                guard desc + descsz <= end else { break }
                if type == 3, namesz == 4 {  // NT_GNU_BUILD_ID, "GNU\0"
                    return bytes[desc..<desc + descsz].map { String(format: "%02x", $0) }.joined()
                }
                p = desc + ((descsz + 3) & ~3)
            }
        }
        throw Malformed(description: "no build id")
    }

    private static func read<T: FixedWidthInteger>(_ bytes: [UInt8], _ offset: Int, _: T.Type) -> T {
        guard offset >= 0, offset + MemoryLayout<T>.size <= bytes.count else { return 0 }
        return bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: T.self)) }
    }
}
