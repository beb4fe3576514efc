import Foundation

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
        let failure: Int32? = buffer.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                if n == 0 { return EIO }
                offset += n
            }
            return nil
        }
        buffer.removeAll(keepingCapacity: true)
        if let failure {
            let error = SessionLogError(.writeFailed, file: file, reason: "write failed: \(SessionLogError.systemMessage(failure))")
            failed = error
            throw error
        }
    }
}
