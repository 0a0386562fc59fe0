import SweepClient
import Foundation
import Synchronization

/// The worker log file (see `WorkerLogEntry`): appended, never rewritten, not fsync'ed (a
/// process crash keeps what was written; it is a record, not the source of truth: the outbox
/// is). Default path: the outbox's path with `.jsonl` replaced by `.log.jsonl`.
public final class WorkerLog: Sendable {
    public let path: String
    private let handle: Mutex<FileHandle?>

    public init(path: String) throws(WorkerError) {
        self.path = path
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty { try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw .outbox(path: path, "cannot create the worker log")
            }
        }
        guard let h = FileHandle(forWritingAtPath: path) else { throw .outbox(path: path, "cannot open the worker log") }
        h.seekToEndOfFile()
        handle = Mutex(h)
    }

    /// The default log path for an outbox path.
    public static func defaultPath(forOutbox outbox: String) -> String {
        (outbox.hasSuffix(".jsonl") ? String(outbox.dropLast(6)) : outbox) + ".log.jsonl"
    }

    public func write(_ entries: [WorkerLogEntry]) {
        guard !entries.isEmpty else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = Data()
        for e in entries {
            guard let line = try? encoder.encode(e) else { continue }
            data.append(line)
            data.append(0x0A)
        }
        handle.withLock { h in
            // A log that cannot be written must not stop the work it records.
            try? h?.write(contentsOf: data)
        }
    }

    public func write(_ entry: WorkerLogEntry) { write([entry]) }

    public func close() {
        handle.withLock { h in
            try? h?.close()
            h = nil
        }
    }

    /// Reads a worker log (for tests and the chaos soak).
    public static func read(path: String) throws -> [WorkerLogEntry] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let decoder = JSONDecoder()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap {
            try? decoder.decode(WorkerLogEntry.self, from: Data($0.utf8))
        }
    }
}
