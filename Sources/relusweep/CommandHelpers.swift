import ArgumentParser
import Foundation
import PhaseDiagram
import ReLUCore
import ReLUTheory

// Helpers shared by the commands: output, number lists, flag names, and the argument
// conformances of library types. Nothing here knows about sweeps or training.

extension ModelKind: ExpressibleByArgument {}
extension OptimizerKind: ExpressibleByArgument {}
extension DatasetSpec: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
    public static var defaultCompletionKind: CompletionKind { .default }
}
extension MomentumMethod: ExpressibleByArgument {}
extension TrajectoryOptimizer: ExpressibleByArgument {}
extension PhaseMetric: ExpressibleByArgument {}
extension AxisScaleChoice: ExpressibleByArgument {}

/// Prints through the same unbuffered handle as the progress lines, so a pipe sees
/// everything in order.
func say(_ text: String, terminator: String = "\n") {
    FileHandle.standardOutput.write(Data((text + terminator).utf8))
}

/// Pretty, key-sorted JSON of any Encodable.
func jsonString<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}

/// Parses "a,b,c" or "logspace(a, b, n)" (as grid files) into numbers; errors name the flag.
func parseNumberList(_ text: String, flag: String) throws -> [Double] {
    let t = text.replacingOccurrences(of: " ", with: "")
    if t.hasPrefix("logspace(") && t.hasSuffix(")") {
        let args = t.dropFirst("logspace(".count).dropLast().split(separator: ",").map(String.init)
        guard args.count == 3, let a = Double(args[0]), let b = Double(args[1]), let n = Int(args[2]),
              a > 0, b > 0, n >= 1 else {
            throw ValidationError("--\(flag): logspace needs (a, b, n) with a, b > 0 and n >= 1, got '\(text)'")
        }
        return RegimeMap.logSpaced(from: a, to: b, count: n)
    }
    let parts = t.split(separator: ",", omittingEmptySubsequences: false)
    var out: [Double] = []
    for p in parts {
        guard let v = Double(p), v.isFinite else {
            throw ValidationError("--\(flag): '\(p)' is not a number; give a comma-separated list (0,0.5,0.9) or logspace(a, b, n)")
        }
        out.append(v)
    }
    return out
}

/// `targetStd` -> `target-std`.
func flagName(_ key: String) -> String {
    var out = ""
    for ch in key {
        if ch.isUppercase {
            out += "-" + ch.lowercased()
        } else {
            out.append(ch)
        }
    }
    return out
}

func describeDecodingError(_ error: any Error) -> String {
    guard let e = error as? DecodingError else { return "\(error)" }
    func path(_ ctx: DecodingError.Context) -> String {
        let p = ctx.codingPath.map(\.stringValue).joined(separator: ".")
        return p.isEmpty ? "" : "at '\(p)': "
    }
    switch e {
    case .dataCorrupted(let ctx): return path(ctx) + ctx.debugDescription
    case .keyNotFound(let key, let ctx): return path(ctx) + "missing key '\(key.stringValue)'"
    case .typeMismatch(let type, let ctx): return path(ctx) + "expected \(type): \(ctx.debugDescription)"
    case .valueNotFound(let type, let ctx): return path(ctx) + "expected a \(type) value"
    @unknown default: return "\(error)"
    }
}

extension String {
    func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}

    /// 75 -> "1:15", 3700 -> "1:01:40".
func formatDuration(_ seconds: Double) -> String {
    guard seconds.isFinite, seconds >= 0 else { return "-" }
    let s = Int(seconds.rounded())
    let (h, m, sec) = (s / 3600, (s % 3600) / 60, s % 60)
    return h > 0 ? String(format: "%d:%02d:%02d", h, m, sec) : String(format: "%d:%02d", m, sec)
}

extension String {
    /// The string without `prefix` when it starts with it.
    func dropPrefix(_ prefix: String) -> String { hasPrefix(prefix) ? String(dropFirst(prefix.count)) : self }
}
