import Foundation
import ReLUCore
import SweepModel

/// A CSV export in `TrialRecordCSV` form (header row with a trialId column), read in chunks. CSV
/// carries no `trace`, so the `step` axis needs JSONL.
public struct CSVResultSource: ResultSource {
    public let path: String
    public var name: String { path }

    public init(path: String) {
        self.path = path
    }

    public func forEachRecord(_ body: (TrialRecord, RecordLocation) throws -> Void) throws {
        var columns: TrialRecordCSV.Columns?
        var rowNumber = 0
        try forEachRow(from: 0) { fields, offset in
            rowNumber += 1
            do {
                guard let known = columns else {
                    columns = try TrialRecordCSV.Columns(header: fields)
                    return true
                }
                // Row numbers, not line numbers: a quoted field may span lines.
                if let r = try TrialRecordCSV.record(fields, columns: known, line: rowNumber) {
                    try body(r, RecordLocation(line: rowNumber - 1, offset: offset))
                }
                return true
            } catch let error as TrialRecordCSV.ParseError {
                throw ResultSourceError(source: path, line: error.line,
                    "\(error.message) (expected the CSV export of trial records: \(TrialRecordCSV.header.prefix(4).joined(separator: ",")),...)")
            }
        }
    }

    public func record(at location: RecordLocation) -> TrialRecord? {
        var header: [String]?
        try? forEachRow(from: 0) { fields, _ in header = fields; return false }
        var row: [String]?
        try? forEachRow(from: location.offset) { fields, _ in row = fields; return false }
        guard let header, let row, let columns = try? TrialRecordCSV.Columns(header: header) else { return nil }
        return try? TrialRecordCSV.record(row, columns: columns, line: location.line + 1)
    }

    public func describe(_ location: RecordLocation) -> String { "\(path) row \(location.line)" }

    /// Rows from byte `start` on, with the offset each starts at, until `body` returns false.
    func forEachRow(from start: Int, _ body: ([String], Int) throws -> Bool) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ResultSourceError(source: path, "cannot read the file (does it exist and is it readable?)")
        }
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(start))
        var reader = CSVRowReader()
        var more = true
        while more, let chunk = try handle.read(upToCount: 4 << 20), !chunk.isEmpty {
            try chunk.withUnsafeBytes { raw in
                try reader.feed(raw.bindMemory(to: UInt8.self)) { fields, offset in
                    if more { more = try body(fields, start + offset) }
                }
            }
        }
        if more { try reader.finish { fields, offset in _ = try body(fields, start + offset) } }
    }
}
