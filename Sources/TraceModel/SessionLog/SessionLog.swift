/// The session log: a JSON Lines file whose first line is a `SessionHeader` and every
/// further line one `TaskEvent` in its flat Codable form (`{"t":1000,"task":2,"k":"suspend",
/// "reason":"sleep"}`), in recording order. Written by `SessionLogWriter`, read (and
/// followed while it grows) by `SessionLogReader`; replaying its events through
/// `TaskLedger` rebuilds exactly the state the live session had.
public enum SessionLog {
    /// The format this build writes and the newest it reads. Bump it when a field's meaning
    /// changes; adding an optional field or an event kind that old readers may reject is not
    /// a bump, but say so in the kind's doc.
    public static let formatVersion = 1

    /// The Interleave release that writes the logs, recorded in each header.
    public static let interleaveVersion = "0.1.0"

    /// The conventional file extension.
    public static let fileExtension = "jsonl"

    /// `path` without its `.jsonl` extension, if it has one: the stem that exports and
    /// numbered recordings build their names on.
    public static func stem(of path: String) -> (stem: Substring, hasExtension: Bool) {
        let suffix = "." + fileExtension
        return path.hasSuffix(suffix) ? (path.dropLast(suffix.count), true) : (path[...], false)
    }
}
