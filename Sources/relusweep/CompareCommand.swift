import ArgumentParser
import Foundation
import PhaseDiagram
import Plot
import ReLUCore

/// `relusweep compare`: two values of one config key, paired on everything else (the seed
/// included), with the exact McNemar test of a yes/no outcome.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two values of a config key on paired trials (same other keys and seed): exact McNemar test.",
        discussion: """
            Two trials form a pair when they differ only in the --by key, one at each of its two
            values, and agree in every other config key and the seed. Per pair the yes/no
            --metric is read; the output gives the number of pairs, the two discordant counts
            (b: yes at the first value and no at the second, c: the reverse), the fraction yes at
            each value with a 95% Wilson interval, and the exact two-sided McNemar p-value
            min(1, 2 P(X <= min(b, c))), X ~ Binomial(b + c, 1/2).

              relusweep compare results.jsonl --by momentum=0,0.9 --metric collapsed
              relusweep compare results.jsonl --by momentum=0,0.9 --facet targetStd --where 'initSlope>0'
              relusweep compare results.jsonl --by optimizer=sgd,momentum --ignore lr --where collapsedInit=false
            """)

    @Argument(help: "results.jsonl / CSV files or directories holding results.jsonl.")
    var sources: [String]

    @Option(help: "The compared key and its two values: KEY=A,B (e.g. momentum=0,0.9).")
    var by: String

    @Option(help: "Yes/no outcome per trial: \(PairedMetric.allCases.map(\.rawValue).joined(separator: ", ")).")
    var metric: String = PairedMetric.collapsed.rawValue

    @Option(help: "Config key(s): one test per value besides the pooled one (repeatable).")
    var facet: [String] = []

    @Option(name: .customLong("where"), help: "Keep trials with KEY OP VALUE (an init metric such as initSlope, or a config key; repeatable).")
    var conditions: [String] = []

    @Option(help: "Config key(s) a pair may differ in besides --by (e.g. lr when the grid zips it with the optimizer; repeatable).")
    var ignore: [String] = []

    @Flag(help: "Print the result as JSON.")
    var json = false

    func validate() throws {
        if sources.isEmpty { throw ValidationError("give at least one source: a results.jsonl, a CSV export, or a directory holding results.jsonl") }
    }

    func run() throws {
        let query: CompareQuery
        do {
            guard let m = PairedMetric(rawValue: metric) else { throw CompareError.notYesNo(metric) }
            let (key, first, second) = try CompareQuery.parseBy(by)
            var facets: [ConfigKey] = []
            for f in facet {
                guard let k = ConfigKey(rawValue: f) else {
                    throw CLIError("--facet: unknown config key '\(f.prefix(60))'; keys: \(TrialConfig.keys.joined(separator: ", "))")
                }
                facets.append(k)
            }
            var ignored: [ConfigKey] = []
            for f in ignore {
                guard let k = ConfigKey(rawValue: f) else {
                    throw CLIError("--ignore: unknown config key '\(f.prefix(60))'; keys: \(TrialConfig.keys.joined(separator: ", "))")
                }
                ignored.append(k)
            }
            var parsed: [RecordCondition] = []
            for c in conditions {
                do { parsed.append(try RecordCondition(parsing: c)) } catch { throw CLIError("--where \(error.description)") }
            }
            query = try CompareQuery(key: key, first: first, second: second, metric: m, facets: facets, conditions: parsed,
                                 ignoring: ignored)
        } catch let error as CompareError {
            throw CLIError(error.description)
        }
        var comparison = PairedComparison(query: query)
        for path in sources {
            let source: any ResultSource
            do { source = try ResultFiles.source(at: path) } catch { throw CLIError("source \(error.description)") }
            do {
                try comparison.add(source)
            } catch let error as ResultSourceError {
                throw CLIError("source \(error.description)")
            } catch {
                throw CLIError("source \(source.name): \(error.localizedDescription)")
            }
        }
        if comparison.totals.recordsRead == 0 {
            throw CLIError("the sources hold no trial records: \(sources.joined(separator: ", "))")
        }
        let result: CompareResult
        do { result = try comparison.result() } catch { throw CLIError(error.description) }
        if json {
            say(try jsonString(result))
        } else {
            say(CompareText.render(result))
        }
    }
}

/// The comparison as text: one line per group, the pooled line last.
enum CompareText {
    static func render(_ r: CompareResult) -> String {
        let a = AxisText.label(r.first), b = AxisText.label(r.second)
        var lines = ["\(r.metric.rawValue): \(r.key) = \(a) vs \(b), paired on every other config key and the seed"
                     + (r.ignoring.isEmpty ? "" : " (\(r.ignoring.joined(separator: ", ")) may differ)")
                     + (r.conditions.isEmpty ? "" : ", where " + r.conditions.joined(separator: " and "))]
        lines.append("b = yes at \(a) and no at \(b); c = no at \(a) and yes at \(b); p = exact two-sided McNemar")
        func line(_ label: String, _ c: PairedCounts) -> String {
            func rate(_ f: Double?, _ i: ClosedRange<Double>?) -> String {
                guard let f else { return "-" }
                return NumberFormat.fraction(f) + (i.map { " [\(NumberFormat.fraction($0.lowerBound)), \(NumberFormat.fraction($0.upperBound))]" } ?? "")
            }
            return "\(label): pairs \(c.pairs)  b \(c.firstYesSecondNo)  c \(c.firstNoSecondYes)  p \(pText(c.pValue))"
                + "  P(\(r.metric.rawValue)) \(a): \(rate(c.firstFraction, c.firstInterval))  \(b): \(rate(c.secondFraction, c.secondInterval))"
        }
        for g in r.groups {
            lines.append(line(r.facetKeys.map { "\($0)=\(g.facet[$0].map(AxisText.label) ?? "?")" }.joined(separator: ", "), g))
        }
        lines.append(line("all", r.pooled))
        let t = r.totals
        var notes = ["\(t.recordsRead) records read", "\(t.firstTrials) + \(t.secondTrials) trials at the two values", "\(t.unpaired) unpaired"]
        if t.failed > 0 { notes.append("\(t.failed) failed (no metrics)") }
        if t.excludedByCondition > 0 { notes.append("\(t.excludedByCondition) left out by --where") }
        if t.conditionUnreadable > 0 { notes.append("\(t.conditionUnreadable) without the --where key") }
        if t.duplicates > 0 { notes.append("\(t.duplicates) duplicates") }
        if t.conflicts > 0 { notes.append("\(t.conflicts) conflicting repeats (first kept)") }
        lines.append(notes.joined(separator: ", "))
        return lines.joined(separator: "\n")
    }

    /// p-values: 4 significant digits, exponent form below 1e-4.
    static func pText(_ p: Double) -> String {
        if p == 1 { return "1" }
        if p < 1e-4 { return String(format: "%.3g", p) }
        return String(format: "%.4g", p)
    }
}
