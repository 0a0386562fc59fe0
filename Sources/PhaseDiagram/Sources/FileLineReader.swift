import Foundation

/// Reads a file's lines in chunks of a few MiB (memory stays bounded however large the file),
/// giving each line's bytes (without the newline), its 1-based number and its byte offset.
struct FileLineReader {
    let path: String
    var chunkSize = 4 << 20

    /// Calls `body` with every line, the last one even without a final newline.
    func forEachLine(_ body: (UnsafeBufferPointer<UInt8>, _ line: Int, _ offset: Int) throws -> Void) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CocoaError(.fileReadNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        defer { try? handle.close() }
        var carry: [UInt8] = []
        var line = 0
        var offset = 0  // of the first byte in `carry`
        while true {
            guard let chunk = try handle.read(upToCount: chunkSize), !chunk.isEmpty else { break }
            carry.append(contentsOf: chunk)
            var start = 0
            try carry.withUnsafeBufferPointer { all in
                var i = 0
                while let nl = Self.newline(in: all, from: i) {
                    line += 1
                    try body(UnsafeBufferPointer(rebasing: all[start..<nl]), line, offset + start)
                    start = nl + 1
                    i = start
                }
            }
            offset += start
            carry.removeFirst(start)
        }
        if !carry.isEmpty {
            line += 1
            try carry.withUnsafeBufferPointer { try body($0, line, offset) }
        }
    }

    /// The line starting at `offset` (to read one record again).
    func line(at offset: Int) -> [UInt8]? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard (try? handle.seek(toOffset: UInt64(offset))) != nil else { return nil }
        var out: [UInt8] = []
        while let chunk = try? handle.read(upToCount: 1 << 16), !chunk.isEmpty {
            if let nl = chunk.firstIndex(of: 0x0A) {
                out.append(contentsOf: chunk[chunk.startIndex..<nl])
                return out
            }
            out.append(contentsOf: chunk)
        }
        return out
    }

    static func newline(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard start < bytes.count, let base = bytes.baseAddress else { return nil }
        guard let p = memchr(base + start, 0x0A, bytes.count - start) else { return nil }
        return base.distance(to: p.assumingMemoryBound(to: UInt8.self))
    }
}
