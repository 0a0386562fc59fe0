import ArgumentParser
import ReLUTheory

/// `relusweep analyze`: the paper's analysis, computed rather than trained (ReLUTheory).
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "The momentum linear system and the single-ReLU loss surface, as tables or JSON.",
        discussion: """
            regimes: real / complex (oscillating) / divergent error of heavy ball or
                     Nesterov over lr*lambda x beta (paper figure P3).
            single:  dead region, stationary points and an optimizer's (w, b) path
                     for the single ReLU on relu1d data (P4).
            death:   predicted P(dead) of full-batch single-ReLU trials over
                     targetStd x momentum (theory overlay for P2).
            """,
        subcommands: [AnalyzeRegimesCommand.self, AnalyzeSingleCommand.self, AnalyzeDeathCommand.self])
}

extension MomentumMethod: ExpressibleByArgument {}
extension TrajectoryOptimizer: ExpressibleByArgument {}

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
