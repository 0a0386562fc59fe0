import SweepClient
import Foundation
import ReLUCore
import SweepModel
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The worker's durable queue of unacknowledged results: a JSONL file (see `OutboxLine`).
/// A result is appended and fsync'ed before it is posted; when the coordinator acknowledges it
/// a tombstone is appended (without fsync: a lost tombstone only means the result is sent
/// again and answered `duplicate`). When most lines are dead the file is rewritten with only
/// the pending results (temp file, fsync, rename, fsync of the directory), so it stays small.
/// Opening it takes `<path>.lock`, so two workers never share one outbox.
///
/// Thread-safe: training threads append, the poster acknowledges.
public final class Outbox: Sendable {
    public let path: String
    private let lockFD: Int32
    private let state: Mutex<State>

    struct State {
        var fd: Int32
        /// Pending results by key, with their order of arrival.
        var pending: [OutboxKey: (order: Int, item: ResultItem)] = [:]
        var nextOrder = 0
        /// Lines in the file (pending results, acknowledged results, tombstones).
        var lines = 0
        var closed = false
    }

    /// Lines that could not be read when the file was opened (a torn last line after a
    /// crash, or damage); they are copied to `<path>.unreadable` before the file is compacted.
    public let unreadableLines: Int

    /// Opens (or creates) the outbox at `path`, creating its directory.
    public init(path: String) throws(WorkerError) {
        self.path = path
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty {
            do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
                let problem = FileProblem.creatingDirectory(dir, error: error)
                throw .outbox(path: path, "cannot create its directory \(dir): \(problem.description); \(problem.advice) (or give another --outbox FILE)")
            }
        }
        let lockPath = path + ".lock"
        let lfd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lfd >= 0 else { throw .outbox(path: lockPath, "cannot open: \(Self.errnoText())") }
        guard flock(lfd, LOCK_EX | LOCK_NB) == 0 else {
            closeFD(lfd)
            throw .outboxInUse(path: path)
        }
        lockFD = lfd

        // Read what a previous run left.
        var st = State(fd: -1)
        var unreadable: [Substring] = []
        if let data = FileManager.default.contents(atPath: path), !data.isEmpty {
            let text = String(decoding: data, as: UTF8.self)
            for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
                switch OutboxLine.parse(line) {
                case .result(let item)?:
                    let key = OutboxKey(leaseId: item.leaseId, trialId: item.trialId)
                    if st.pending[key] == nil {
                        st.pending[key] = (st.nextOrder, item)
                        st.nextOrder += 1
                    }
                case .acked(let key)?:
                    st.pending[key] = nil
                case nil:
                    unreadable.append(line)
                }
            }
        }
        unreadableLines = unreadable.count
        if !unreadable.isEmpty {
            let keep = unreadable.map { String($0) + "\n" }.joined()
            if let h = FileHandle(forWritingAtPath: path + ".unreadable") ?? {
                _ = FileManager.default.createFile(atPath: path + ".unreadable", contents: nil)
                return FileHandle(forWritingAtPath: path + ".unreadable")
            }() {
                h.seekToEndOfFile()
                h.write(Data(keep.utf8))
                try? h.synchronize()
                try? h.close()
            }
        }
        state = Mutex(st)
        // Start from a compact file: only the pending results.
        try state.withLock { s throws(WorkerError) in try Self.rewrite(&s, path: path) }
    }

    deinit {
        state.withLock { s in
            if s.fd >= 0 { closeFD(s.fd) }
            s.fd = -1
        }
        closeFD(lockFD)
    }

    /// Results not yet acknowledged, oldest first.
    public var pending: [ResultItem] {
        state.withLock { s in s.pending.values.sorted { $0.order < $1.order }.map(\.item) }
    }

    public var pendingCount: Int { state.withLock { $0.pending.count } }

    /// Lines in the file now (for tests and compaction checks).
    public var lineCount: Int { state.withLock { $0.lines } }

    /// Appends results and fsyncs: when this returns they survive a crash of the process or
    /// the machine. Results already pending (same key) are not written twice.
    public func append(_ items: [ResultItem]) throws(WorkerError) {
        try state.withLock { s throws(WorkerError) in
            guard !s.closed else { throw .outbox(path: path, "the outbox is closed") }
            var text = ""
            var added: [(OutboxKey, ResultItem)] = []
            for item in items {
                let key = OutboxKey(leaseId: item.leaseId, trialId: item.trialId)
                guard s.pending[key] == nil, !added.contains(where: { $0.0 == key }) else { continue }
                do { text += try OutboxLine.text(.result(item)) } catch {
                    throw .outbox(path: path, "cannot encode the result of trial \(item.trialId): \(error)")
                }
                added.append((key, item))
            }
            guard !added.isEmpty else { return }
            try Self.appendWhole(s.fd, text, path: path, sync: true)
            for (key, item) in added {
                s.pending[key] = (s.nextOrder, item)
                s.nextOrder += 1
            }
            s.lines += added.count
        }
    }

    /// Marks results acknowledged (whatever the coordinator's answer: stored, duplicate or
    /// rejected are all final). Compacts the file when at most a quarter of it is pending.
    public func acknowledge(_ keys: [OutboxKey]) throws(WorkerError) {
        try state.withLock { s throws(WorkerError) in
            guard !s.closed else { throw .outbox(path: path, "the outbox is closed") }
            let known = keys.filter { s.pending[$0] != nil }
            guard !known.isEmpty else { return }
            var text = ""
            for key in known {
                s.pending[key] = nil
                text += (try? OutboxLine.text(.acked(key))) ?? ""
            }
            try Self.appendWhole(s.fd, text, path: path, sync: false)
            s.lines += known.count
            if s.lines >= 64, s.pending.count * 4 <= s.lines {
                try Self.rewrite(&s, path: path)
            }
        }
    }

    /// Whether the outbox's file system takes writes again (after a full disk): writes and
    /// fsyncs `bytes` to `<path>.probe`, then removes it. Nil when it worked, else why not.
    public func probeWritable(bytes: Int = 64 << 10) -> WorkerError? {
        let probe = path + ".probe"
        let fd = open(probe, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return .outbox(path: probe, "cannot create: \(Self.errnoText())") }
        defer {
            closeFD(fd)
            unlink(probe)
        }
        do throws(WorkerError) {
            try Self.write(fd, String(repeating: "\n", count: bytes), path: probe)
        } catch {
            return error
        }
        guard fsync(fd) == 0 else { return .outbox(path: probe, "fsync failed: \(Self.errnoText())") }
        return nil
    }

    /// Rewrites the file with only the pending results.
    public func compact() throws(WorkerError) {
        try state.withLock { s throws(WorkerError) in
            guard !s.closed else { return }
            try Self.rewrite(&s, path: path)
        }
    }

    /// Compacts, closes the file and releases the lock. An empty outbox file is removed.
    public func close() throws(WorkerError) {
        try state.withLock { s throws(WorkerError) in
            guard !s.closed else { return }
            try Self.rewrite(&s, path: path)
            if s.fd >= 0 { closeFD(s.fd) }
            s.fd = -1
            s.closed = true
            if s.pending.isEmpty { unlink(path) }
        }
        flock(lockFD, LOCK_UN)
    }

    // MARK: File operations (called with the lock held)

    private static func rewrite(_ s: inout State, path: String) throws(WorkerError) {
        let tmp = path + ".tmp"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .outbox(path: tmp, "cannot create: \(errnoText())") }
        var text = ""
        for (_, entry) in s.pending.sorted(by: { $0.value.order < $1.value.order }) {
            text += (try? OutboxLine.text(.result(entry.item))) ?? ""
        }
        do {
            try write(fd, text, path: tmp)
        } catch {
            closeFD(fd)
            // A half-written copy must not take the space the next attempt needs.
            unlink(tmp)
            throw error
        }
        guard fsync(fd) == 0 else {
            let why = errnoText()
            closeFD(fd)
            unlink(tmp)
            throw .outbox(path: tmp, "fsync failed: \(why)")
        }
        closeFD(fd)
        guard rename(tmp, path) == 0 else { throw .outbox(path: path, "cannot replace with \(tmp): \(errnoText())") }
        syncDirectory(of: path)
        if s.fd >= 0 { closeFD(s.fd) }
        s.fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard s.fd >= 0 else { throw .outbox(path: path, "cannot open for appending: \(errnoText())") }
        s.lines = s.pending.count
    }

    /// Appends `text` (whole lines) and, with `sync`, fsyncs. If either fails (a full disk),
    /// the file is cut back to where it was: a torn line at the end would swallow the next
    /// line appended after it once there is space again.
    private static func appendWhole(_ fd: Int32, _ text: String, path: String, sync: Bool) throws(WorkerError) {
        let end = lseek(fd, 0, SEEK_END)
        do throws(WorkerError) {
            try write(fd, text, path: path)
            if sync, fsync(fd) != 0 { throw WorkerError.outbox(path: path, "fsync failed: \(errnoText())") }
        } catch {
            if end >= 0 { _ = ftruncate(fd, end) }
            throw error
        }
    }

    private static func write(_ fd: Int32, _ text: String, path: String) throws(WorkerError) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { buf in
                posixWrite(fd, buf.baseAddress! + offset, buf.count - offset)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw .outbox(path: path, "write failed: \(errnoText())")
            }
            if n == 0 { throw .outbox(path: path, "write failed: nothing written (disk full?)") }
            offset += n
        }
    }

    /// fsync of the directory makes a rename durable.
    static func syncDirectory(of path: String) {
        let dir = (path as NSString).deletingLastPathComponent
        let fd = open(dir.isEmpty ? "." : dir, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        closeFD(fd)
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}

private func closeFD(_ fd: Int32) {
    #if canImport(Glibc)
    _ = Glibc.close(fd)
    #else
    _ = Darwin.close(fd)
    #endif
}

private func posixWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(fd, p, n)
    #else
    Darwin.write(fd, p, n)
    #endif
}
