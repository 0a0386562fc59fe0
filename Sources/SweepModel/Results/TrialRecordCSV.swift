import Foundation
import ReLUCore

/// The CSV form of trial records (`results?format=csv`, `--format csv`): one header row, then one
/// row per trial. Columns: trialId, every config key (TrialConfig.keys order), error, then the
/// scalar metrics; per-layer fractions are joined with ';'. `trace` and `trajectory` are
/// JSONL-only. Empty field = absent (nil).
public enum TrialRecordCSV {
    public static let metricColumns = [
        "deadFraction", "deadFractionInit", "deadFractionPerLayer", "deadFractionPerLayerInit",
        "deadUnits", "totalUnits", "collapsed", "collapsedInit", "deathStep",
        "normalizedTrainMSE", "normalizedTestMSE", "normalizedTrainMSEInit", "diverged",
        "divergenceStep", "stopReason", "stepsRun", "skippedSteps", "parameterCount",
        "wallSeconds", "stepsPerSecond", "initSlope",
    ]

    public static var header: [String] { ["trialId"] + TrialConfig.keys + ["error"] + metricColumns }

    public static var headerLine: String { header.joined(separator: ",") }

    public static func row(_ r: TrialRecord) -> String {
        var f: [String] = [r.trialId ?? ""]
        f += ConfigKey.allCases.map { csvField(r.config[$0]) }
        f.append(r.error ?? "")
        if let m = r.metrics {
            func opt<T>(_ x: T?) -> String { x.map { "\($0)" } ?? "" }
            f += ["\(m.deadFraction)", "\(m.deadFractionInit)",
                  m.deadFractionPerLayer.map { "\($0)" }.joined(separator: ";"),
                  m.deadFractionPerLayerInit.map { "\($0)" }.joined(separator: ";"),
                  String(m.deadUnits), String(m.totalUnits), String(m.collapsed), String(m.collapsedInit),
                  opt(m.deathStep), opt(m.normalizedTrainMSE), opt(m.normalizedTestMSE), opt(m.normalizedTrainMSEInit),
                  String(m.diverged), opt(m.divergenceStep), m.stopReason.rawValue, String(m.stepsRun),
                  String(m.skippedSteps), String(m.parameterCount), "\(m.wallSeconds)", "\(m.stepsPerSecond)",
                  opt(m.initSlope)]
        } else {
            f += Array(repeating: "", count: metricColumns.count)
        }
        return f.map(quote).joined(separator: ",")
    }

    /// A config value as a CSV field: numbers as Swift prints them, unset optionals empty.
    static func csvField(_ v: ConfigValue) -> String {
        switch v {
        case .int(let i): String(i)
        case .double(let d): "\(d)"
        case .bool(let b): String(b)
        case .string(let s): s
        case .null: ""
        }
    }

    /// RFC 4180 quoting where needed (csv: paths may hold commas).
    static func quote(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    public struct ParseError: Error, CustomStringConvertible {
        public let line: Int
        public let message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// The columns of a CSV export, from its header row.
    public struct Columns: Sendable {
        let index: [String: Int]

        public init(header: [String], line: Int = 1) throws(ParseError) {
            var index: [String: Int] = [:]
            for (i, name) in header.enumerated() { index[name] = i }
            guard index["trialId"] != nil else { throw ParseError(line: line, message: "no trialId column") }
            self.index = index
        }
    }

    /// Parses a whole CSV document written by `row` (with its header; columns may be in any order,
    /// unknown columns are ignored, missing metric columns make metrics absent).
    public static func parse(_ text: String) throws(ParseError) -> [TrialRecord] {
        let rows = splitRows(text)
        guard let head = rows.first else { return [] }
        let columns = try Columns(header: head)
        var out: [TrialRecord] = []
        for (n, fields) in rows.dropFirst().enumerated() {
            if let r = try record(fields, columns: columns, line: n + 2) { out.append(r) }
        }
        return out
    }

    /// One data row as a record; nil for an empty row.
    public static func record(_ fields: [String], columns: Columns, line: Int) throws(ParseError) -> TrialRecord? {
        if fields.count == 1 && fields[0].isEmpty { return nil }
        let index = columns.index
        func get(_ k: String) -> String? {
            guard let i = index[k], i < fields.count, !fields[i].isEmpty else { return nil }
            return fields[i]
        }
        func num(_ k: String) throws(ParseError) -> Double? {
            guard let s = get(k) else { return nil }
            guard let v = Double(s) else { throw ParseError(line: line, message: "column \(k): not a number: \(s)") }
            return v
        }
        func int(_ k: String) throws(ParseError) -> Int? {
            guard let s = get(k) else { return nil }
            guard let v = Int(s) else { throw ParseError(line: line, message: "column \(k): not an integer: \(s)") }
            return v
        }
        func bool(_ k: String) throws(ParseError) -> Bool? {
            guard let s = get(k) else { return nil }
            guard let v = Bool(s) else { throw ParseError(line: line, message: "column \(k): not true/false: \(s)") }
            return v
        }
        var c = TrialConfig()
        for key in ConfigKey.allCases {
            guard let s = get(key.rawValue) else { continue }
            guard let value = key.kind.parse(s) else {
                throw ParseError(line: line, message: "column \(key.rawValue): expected \(key.kind.expectation), got \(s)")
            }
            c[key] = value
        }
        var metrics: TrialMetrics?
        if let dead = try num("deadFraction") {
            func layers(_ k: String) throws(ParseError) -> [Double] {
                guard let s = get(k) else { return [] }
                var out: [Double] = []
                for part in s.split(separator: ";") {
                    guard let v = Double(part) else { throw ParseError(line: line, message: "column \(k): bad list \(s)") }
                    out.append(v)
                }
                return out
            }
            guard let reason = TrialMetrics.StopReason(rawValue: get("stopReason") ?? "completed") else {
                throw ParseError(line: line, message: "unknown stopReason \(get("stopReason") ?? "")")
            }
            metrics = TrialMetrics(
                deadFraction: dead, deadFractionInit: try num("deadFractionInit") ?? 0,
                deadFractionPerLayer: try layers("deadFractionPerLayer"),
                deadFractionPerLayerInit: try layers("deadFractionPerLayerInit"),
                deadUnits: try int("deadUnits") ?? 0, totalUnits: try int("totalUnits") ?? 0,
                collapsed: try bool("collapsed") ?? false, collapsedInit: try bool("collapsedInit") ?? false,
                deathStep: try int("deathStep"), normalizedTrainMSE: try num("normalizedTrainMSE"),
                normalizedTestMSE: try num("normalizedTestMSE"), normalizedTrainMSEInit: try num("normalizedTrainMSEInit"),
                diverged: try bool("diverged") ?? false, divergenceStep: try int("divergenceStep"),
                stopReason: reason, stepsRun: try int("stepsRun") ?? 0, skippedSteps: try int("skippedSteps") ?? 0,
                parameterCount: try int("parameterCount") ?? 0, wallSeconds: try num("wallSeconds") ?? 0,
                stepsPerSecond: try num("stepsPerSecond") ?? 0, trace: nil, trajectory: nil,
                initSlope: try num("initSlope"))
        }
        return TrialRecord(trialId: get("trialId"), config: c, metrics: metrics, error: get("error"))
    }

    /// Splits RFC 4180 CSV into rows of fields.
    static func splitRows(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var chars = text.makeIterator()
        var pending: Character? = nil
        while let ch = pending ?? chars.next() {
            pending = nil
            if quoted {
                if ch == "\"" {
                    if let next = chars.next() {
                        if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(ch)
                }
            } else if ch == "\"" && field.isEmpty {
                quoted = true
            } else if ch == "," {
                row.append(field); field = ""
            } else if ch == "\n" || ch == "\r\n" || ch == "\r" {
                row.append(field); field = ""
                rows.append(row); row = []
            } else {
                field.append(ch)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}
