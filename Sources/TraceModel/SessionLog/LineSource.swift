import Foundation

/// Reads a file's lines in chunks through one reused buffer: memory stays bounded by the
/// longest line, whatever the file's size. At the end of the data it says how many bytes of
/// an unfinished line remain, so a follower can wait for the rest and a reader can warn.
final class LineSource {
    enum Next {
        /// A complete line (without `\n` or `\r\n`), valid until the next call.
        case line(UnsafeBufferPointer<UInt8>)
        /// No complete line now; `partial` bytes of an unfinished one are held.
        case endOfData(partial: Int)
    }

    let fd: Int32
    let file: String
    /// Lines returned so far: the number of the last one.
    private(set) var lineNumber = 0
    /// Bytes read from the file so far.
    private(set) var bytesRead: Int64 = 0
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var start = 0
    private var end = 0
    /// Where the search for the next newline resumes (bytes before it have none).
    private var scanned = 0
    private let maxLine: Int

    init(fd: Int32, file: String, chunkSize: Int = 1 << 20, maxLine: Int = 64 << 20) {
        self.fd = fd
        self.file = file
        self.capacity = max(16, chunkSize)
        self.maxLine = max(capacity, maxLine)
        self.buffer = .allocate(capacity: capacity)
    }

    deinit {
        buffer.deallocate()
        close(fd)
    }

    /// Opens `path` for reading; the error names the file.
    static func openFile(_ path: String, chunkSize: Int = 1 << 20) throws(SessionLogError) -> LineSource {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT { throw SessionLogError(.noSuchFile, file: path, reason: "no such file") }
            throw SessionLogError(.cannotOpen, file: path, reason: "cannot open: \(SessionLogError.systemMessage(code))")
        }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw SessionLogError(.cannotOpen, file: path, reason: "is a directory, not a session log")
        }
        return LineSource(fd: fd, file: path, chunkSize: chunkSize)
    }

    /// Whether `file` still names the file this source reads (a follower's check that the
    /// log was not deleted or replaced by a new one).
    func isStillNamedByPath() -> Bool {
        var open = stat(), named = stat()
        guard fstat(fd, &open) == 0, stat(file, &named) == 0 else { return false }
        return open.st_dev == named.st_dev && open.st_ino == named.st_ino
    }

    /// The file's size now (for noticing a file that shrank under a follower).
    func currentSize() -> Int64? {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        return Int64(info.st_size)
    }

    /// The next complete line, or how much of an unfinished one is held. Reading again after
    /// `endOfData` picks up whatever was appended to the file since.
    func next() throws(SessionLogError) -> Next {
        while true {
            if scanned < end, let newline = memchr(buffer + scanned, 0x0A, end - scanned) {
                let at = buffer.distance(to: newline.assumingMemoryBound(to: UInt8.self))
                var lineEnd = at
                if lineEnd > start, buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                let line = UnsafeBufferPointer(start: buffer + start, count: lineEnd - start)
                start = at + 1
                scanned = start
                lineNumber += 1
                return .line(line)
            }
            scanned = end
            // Make room: move the unfinished line to the front, grow only for a very long line.
            if start > 0 {
                if start < end { memmove(buffer, buffer + start, end - start) }
                end -= start
                scanned -= start
                start = 0
            }
            if end == capacity {
                guard capacity < maxLine else {
                    throw SessionLogError(.lineTooLong, file: file, line: lineNumber + 1,
                                          reason: "line longer than \(maxLine >> 20) MiB; not a session log line")
                }
                let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: min(maxLine, capacity * 2))
                bigger.update(from: buffer, count: end)
                buffer.deallocate()
                buffer = bigger
                capacity = min(maxLine, capacity * 2)
            }
            let count = read(fd, buffer + end, capacity - end)
            if count < 0 {
                let code = errno
                if code == EINTR { continue }
                throw SessionLogError(.readFailed, file: file, reason: "read failed: \(SessionLogError.systemMessage(code))")
            }
            if count == 0 { return .endOfData(partial: end - start) }
            end += count
            bytesRead += Int64(count)
        }
    }

    /// The unfinished line held at the end of the data (when the file ends without `\n`);
    /// counts it as a line. Valid until the next call.
    func takePartial() -> UnsafeBufferPointer<UInt8>? {
        guard start < end else { return nil }
        var lineEnd = end
        if buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
        let line = UnsafeBufferPointer(start: buffer + start, count: lineEnd - start)
        start = end
        scanned = end
        lineNumber += 1
        return line
    }
}
