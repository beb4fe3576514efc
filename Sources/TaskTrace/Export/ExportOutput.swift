import Foundation
import SystemPackage

/// Where an export goes: a file (created or truncated) or, for the path `-`, standard
/// output. Exporters hand it large chunks; errors name the file in one line.
public final class ExportOutput {
    public let file: String
    private let fd: Int32
    private let ownsDescriptor: Bool
    private var failed: SessionLogError?

    /// Opens `path` for writing; `-` is standard output.
    public init(path: String) throws(SessionLogError) {
        file = path
        if path == "-" {
            fd = STDOUT_FILENO
            ownsDescriptor = false
        } else {
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else {
                let code = errno
                let reason = code == ENOENT ? "cannot create: its folder does not exist" : "cannot create: \(SessionLogError.systemMessage(code))"
                throw SessionLogError(.cannotOpen, file: path, reason: reason)
            }
            self.fd = fd
            ownsDescriptor = true
        }
    }

    deinit {
        if ownsDescriptor { Glibc.close(fd) }
    }

    /// Writes `buffer` out and empties it once it holds a megabyte or more: how exporters
    /// stream, appending into a buffer of their own.
    func drainIfLarge(_ buffer: inout [UInt8]) throws(SessionLogError) {
        if buffer.count >= 1 << 20 { try drain(&buffer) }
    }

    /// Writes all of `buffer` out and empties it.
    func drain(_ buffer: inout [UInt8]) throws(SessionLogError) {
        if let failed { throw failed }
        defer { buffer.removeAll(keepingCapacity: true) }
        do {
            try FileDescriptor(rawValue: fd).writeAll(buffer)
        } catch {
            let reason = SessionLogError.systemMessage((error as? Errno)?.rawValue ?? EIO)
            let failure = SessionLogError(.writeFailed, file: file, reason: "write failed: \(reason)")
            failed = failure
            throw failure
        }
    }
}
