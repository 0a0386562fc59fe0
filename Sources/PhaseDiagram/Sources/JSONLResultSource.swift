import Foundation
import ReLUCore
import SweepModel

/// A results.jsonl file: one `TrialRecord` JSON object per line (blank lines are skipped), read
/// in chunks: a file of a million trials streams through in bounded memory.
public struct JSONLResultSource: ResultSource {
    public let path: String
    public var name: String { path }

    public init(path: String) {
        self.path = path
    }

    public func forEachRecord(_ body: (TrialRecord, RecordLocation) throws -> Void) throws {
        if let problem = FileProblem.readingFile(path) {
            throw ResultSourceError(source: path, "cannot read the file: \(problem.description); \(problem.advice)")
        }
        try FileLineReader(path: path).forEachLine { bytes, line, offset in
            let trimmed = Self.trim(bytes)
            if trimmed.isEmpty { return }
            let record: TrialRecord
            do {
                record = try TrialRecord.parse(jsonLine: trimmed)
            } catch {
                throw ResultSourceError(source: path, line: line,
                    "not a trial record (expected one JSON object {trialId?, config, metrics?, error?} per line): \(describeDecoding(error))")
            }
            try body(record, RecordLocation(line: line, offset: offset))
        }
    }

    public func record(at location: RecordLocation) -> TrialRecord? {
        guard let bytes = FileLineReader(path: path).line(at: location.offset) else { return nil }
        return bytes.withUnsafeBufferPointer { try? TrialRecord.parse(jsonLine: Self.trim($0)) }
    }

    static func trim(_ b: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var lo = 0, hi = b.count
        while lo < hi, b[lo] == 0x20 || b[lo] == 0x09 || b[lo] == 0x0D || b[lo] == 0xEF || b[lo] == 0xBB || b[lo] == 0xBF { lo += 1 }
        while hi > lo, b[hi - 1] == 0x20 || b[hi - 1] == 0x09 || b[hi - 1] == 0x0D { hi -= 1 }
        return UnsafeBufferPointer(rebasing: b[lo..<hi])
    }
}

/// A decoding error as one line a user can act on: the key path and what was wrong.
func describeDecoding(_ error: any Error) -> String {
    guard let e = error as? DecodingError else { return "\(error)" }
    func at(_ ctx: DecodingError.Context) -> String {
        let path = ctx.codingPath.map(\.stringValue).joined(separator: ".")
        return path.isEmpty ? "" : "at '\(path)': "
    }
    switch e {
    case .dataCorrupted(let ctx): return at(ctx) + ctx.debugDescription
    case .keyNotFound(let key, let ctx): return at(ctx) + "missing key '\(key.stringValue)'"
    case .typeMismatch(let type, let ctx): return at(ctx) + "expected \(type)"
    case .valueNotFound(let type, let ctx): return at(ctx) + "expected a \(type) value"
    @unknown default: return "\(error)"
    }
}
