import SweepModel
import Foundation
import ReLUCore

/// A results.jsonl file: one `TrialRecord` JSON object per line (blank lines are skipped).
public struct JSONLResultSource: ResultSource {
    public let path: String
    public var name: String { path }

    public init(path: String) {
        self.path = path
    }

    public func load() throws(ResultSourceError) -> [SourcedRecord] {
        let text = try readText(path)
        var out: [SourcedRecord] = []
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            do {
                let record = try TrialRecord.parse(jsonLine: trimmed)
                out.append(SourcedRecord(record: record, origin: "\(path):\(lineNumber)"))
            } catch {
                throw ResultSourceError(source: path, line: lineNumber,
                    "not a trial record (expected one JSON object {trialId?, config, metrics?, error?} per line): \(describe(error))")
            }
        }
        return out
    }
}

func readText(_ path: String) throws(ResultSourceError) -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw ResultSourceError(source: path, "cannot read the file (does it exist and is it readable?)")
    }
    guard let text = String(data: data, encoding: .utf8) else {
        throw ResultSourceError(source: path, "not UTF-8 text")
    }
    return text
}

/// A decoding error as one line a user can act on: the key path and what was wrong.
func describe(_ error: any Error) -> String {
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
