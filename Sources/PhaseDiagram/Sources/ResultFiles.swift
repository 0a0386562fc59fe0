import Foundation

/// Opens a source named on the command line: a results.jsonl (.jsonl, .ndjson, .json), a CSV
/// export (.csv), or a directory holding results.jsonl or results.csv. Other names are sniffed
/// by their first character ('{' = JSONL).
public enum ResultFiles {
    public static let databaseExtensions: Set<String> = ["db", "sqlite", "sqlite3"]

    public static func source(at path: String) throws(ResultSourceError) -> any ResultSource {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ResultSourceError(source: path, "no such file or directory (expected a results.jsonl, a CSV export, or a sweep directory holding one)")
        }
        if isDirectory.boolValue {
            for name in ["results.jsonl", "results.csv"] {
                let inner = (path as NSString).appendingPathComponent(name)
                if FileManager.default.fileExists(atPath: inner) { return try source(at: inner) }
            }
            throw ResultSourceError(source: path, "directory holds neither results.jsonl nor results.csv")
        }
        let ext = (path as NSString).pathExtension.lowercased()
        switch ext {
        case "jsonl", "ndjson", "json": return JSONLResultSource(path: path)
        case "csv": return CSVResultSource(path: path)
        case _ where databaseExtensions.contains(ext):
            throw ResultSourceError(source: path,
                "database sources are not supported yet; export the sweep's results as JSONL or CSV (results?format=jsonl) and pass that file")
        default:
            let head = Self.head(path)
            if head.first(where: { !$0.isWhitespace }) == "{" { return JSONLResultSource(path: path) }
            if head.hasPrefix("trialId,") || head.contains("\ntrialId,") { return CSVResultSource(path: path) }
            throw ResultSourceError(source: path, "unknown format: expected .jsonl (one JSON trial record per line) or .csv (a trial-record export)")
        }
    }

    /// The first 64 KiB of a file, to tell its format.
    static func head(_ path: String) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { return "" }
        defer { try? handle.close() }
        return String(decoding: (try? handle.read(upToCount: 1 << 16)) ?? Data(), as: UTF8.self)
    }
}
