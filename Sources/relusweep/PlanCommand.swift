import AdaptiveSweep
import ArgumentParser
import Foundation
import ReLUCore
import SweepModel

/// `relusweep plan FILE [-s key=v1,v2 ...] [--json]`: what a grid would run, without running.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show a grid's sweep name, trial count, axes and first trials, without running anything.",
        discussion: """
            Validates every trial of the grid (the same checks as submit and run) and prints the
            sweep it would create. Overrides follow Hydra's habit: -s momentum=0,0.9 sets an
            axis's values, -s lr=1e-3 a base key, -s seeds=10 the replicates. File format:
            docs/grids.md.
            """)

    @Argument(help: "A grid file (YAML or JSON).")
    var file: String

    @Option(name: [.customShort("s"), .customLong("set")], help: ArgumentHelp(
        "Override: key=v1,v2 (an axis's values), key=v (a base key), seeds=N.", valueName: "key=value"))
    var overrides: [String] = []

    @Option(help: "How many of the first trials to list.")
    var show: Int = 10

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func run() throws {
        let spec: GridSpec
        let sample: [Trial]
        let planner: AdaptivePlanner?
        do {
            let parsed = try overrides.map { text throws(GridError) in try GridOverride(parsing: text) }
            spec = try GridSpec.load(path: file, overrides: parsed)
            // Every trial is validated, as submit will; only the first few are computed.
            try spec.validateAll()
            sample = try spec.sampleTrials(max(show, 0))
            // An adaptive grid: its planner checks every value refinement could add.
            planner = try spec.adaptive.map { _ throws(GridError) in try AdaptivePlanner(grid: spec) }
        } catch {
            throw CLIError(error.description)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(PlanJSON(spec, sample: sample, planner: planner)), as: UTF8.self))
        } else {
            print(Self.text(spec, sample: sample, planner: planner), terminator: "")
        }
    }

    /// An adaptive grid's two numbers: round 0 (the trials submitted first: every cell's first
    /// batch) and the most the sweep could take (every value refinement could add, at max seeds).
    static func adaptiveText(_ spec: GridSpec, _ planner: AdaptivePlanner) -> String {
        let a = planner.spec
        var out = "adaptive round 0: \(spec.trialCount) trials (every cell's first \(a.minSeeds) seeds); "
        out += "at most \(planner.fullGridTrials) trials (every value refinement could add, at \(a.maxSeeds) seeds)\n"
        var rule = "metric \(a.metric), seeds \(a.minSeeds)..\(a.maxSeeds) (looks at \(planner.schedule.looks.map(String.init).joined(separator: ", "))), halfWidth \(CanonicalJSON.number(a.halfWidth))"
        if let level = a.level { rule += ", level \(CanonicalJSON.number(level))" }
        if let r = a.refine { rule += ", refine \(r.axes.map(\.rawValue).joined(separator: ", ")) (\(r.rounds) rounds, rule \(r.rule.rawValue))" }
        return out + "         " + rule + "\n"
    }

    static func text(_ spec: GridSpec, sample: [Trial], planner: AdaptivePlanner? = nil) -> String {
        var out = "sweep   \(spec.name)  (\(spec.source))\n"
        if let d = spec.description { out += "        \(d)\n" }
        var factors = spec.dimensions.map { "\($0.size) \($0.keys.map(\.rawValue).joined(separator: "+"))" }
        if spec.seeds != .none { factors.append("\(spec.seeds.replicates) seeds") }
        out += "trials  \(spec.trialCount)" + (factors.isEmpty ? "" : " = " + factors.joined(separator: " x ")) + "\n"
        if let planner { out += adaptiveText(spec, planner) }
        if !spec.base.isEmpty {
            let base = spec.base.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue)=\($0.value.text)" }
            out += "base    " + base.joined(separator: " ") + "\n"
        }
        let rows: [(String, Int, String)] = spec.dimensions.map { d in
            let columns = d.keys.map { k in spec.axes.first { $0.key == k }?.values ?? [] }
            let values = (0..<d.size).map { i in columns.map { $0.indices.contains(i) ? $0[i].text : "?" }.joined(separator: "/") }
            let name = d.keys.count == 1 ? d.keys[0].rawValue : "zip(" + d.keys.map(\.rawValue).joined(separator: ", ") + ")"
            return (name, d.size, abbreviate(values))
        } + (spec.seeds.seeds.map { s in [("seeds", s.count, spec.seeds == .count(s.count) ? "0..\(s.count - 1)" : abbreviate(s.map(String.init)))] } ?? [])
        if !rows.isEmpty {
            out += "axes\n"
            let width = rows.map(\.0.count).max() ?? 0
            for (name, size, values) in rows {
                out += "  " + name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + String(size).leftPadded(6) + "  " + values + "\n"
            }
        }
        if !sample.isEmpty {
            out += sample.count < spec.trialCount ? "first \(sample.count) trials\n" : "trials\n"
            for t in sample {
                let varying = spec.varyingValues(of: t.config).map { "\($0.key.rawValue)=\($0.value.text)" }.joined(separator: " ")
                out += "  \(t.id)  \(varying)\n"
            }
        }
        return out
    }

    /// "a, b, c" or "a, b, ..., y, z" for long lists.
    static func abbreviate(_ values: [String]) -> String {
        values.count <= 8 ? values.joined(separator: ", ")
            : (values.prefix(3) + ["..."] + values.suffix(2)).joined(separator: ", ")
    }
}

/// `relusweep plan --json`.
struct PlanJSON: Encodable {
    struct Dimension: Encodable {
        var keys: [String]
        var size: Int
        var values: [String: [ConfigValue]]
    }

    struct SampleTrial: Encodable {
        var trialId: String
        var varying: [String: ConfigValue]
        var config: TrialConfig
    }

    var sweepId: String
    var name: String
    var description: String?
    var source: String
    var trials: Int
    var base: [String: ConfigValue]
    var dimensions: [Dimension]
    /// Seeds of the replicates, nil when the grid has no `seeds`.
    var seeds: [Int]?
    var sample: [SampleTrial]
    /// An adaptive grid's round 0 (`trials`, the first batch of every cell) and the most trials
    /// it could take; absent for a plain grid.
    var adaptive: Adaptive?

    struct Adaptive: Encodable {
        var roundZeroTrials: Int
        var mostTrials: Int
        var looks: [Int]
    }

    init(_ spec: GridSpec, sample: [Trial], planner: AdaptivePlanner? = nil) {
        adaptive = planner.map { Adaptive(roundZeroTrials: spec.trialCount, mostTrials: $0.fullGridTrials, looks: $0.schedule.looks) }
        sweepId = spec.sweepId
        name = spec.name
        description = spec.description
        source = spec.source
        trials = spec.trialCount
        base = Dictionary(uniqueKeysWithValues: spec.base.map { ($0.key.rawValue, $0.value) })
        dimensions = spec.dimensions.map { d in
            Dimension(keys: d.keys.map(\.rawValue), size: d.size, values: Dictionary(uniqueKeysWithValues: d.keys.map { k in
                (k.rawValue, spec.axes.first { $0.key == k }?.values ?? [])
            }))
        }
        seeds = spec.seeds.seeds
        self.sample = sample.map { t in
            SampleTrial(trialId: t.id, varying: Dictionary(uniqueKeysWithValues: spec.varyingValues(of: t.config).map { ($0.key.rawValue, $0.value) }),
                        config: t.config)
        }
    }
}
