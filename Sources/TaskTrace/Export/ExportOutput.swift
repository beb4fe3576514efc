import Foundation

/// Where an export goes: a file (created or truncated) or, for the path `-`, standard
/// output. Written in large chunks; errors name the file in one line.
public final class ExportOutput {
    public let file: String
    private let fd: Int32
    private let ownsDescriptor: Bool
    private var buffer: [UInt8] = []
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
        buffer.reserveCapacity(1 << 20)
    }

    deinit {
        if ownsDescriptor { Glibc.close(fd) }
    }

    /// Appends bytes, writing them out once the buffer is large.
    func write(_ bytes: [UInt8]) throws(SessionLogError) {
        buffer += bytes
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Gives `body` the buffer to append to directly (no copy), then writes it out if large.
    func append(_ body: (inout [UInt8]) -> Void) throws(SessionLogError) {
        body(&buffer)
        if buffer.count >= 1 << 20 { try flush() }
    }

    func flush() throws(SessionLogError) {
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
