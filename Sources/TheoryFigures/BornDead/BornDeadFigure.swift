import Foundation
import PhaseDiagram
import Plot
import ReLUCore
import ReLUTheory
import SweepModel

/// P5's init figure: P(collapsed at init) over depth, one line per width, for mlp and resmlp
/// as measured, and a third panel with the born-dead theory for bias-free plain networks
/// (Lu, Shin, Su, Karniadakis 2019; `BornDeadProbability`) and its Monte Carlo on the sweep's
/// own inputs (`BornDeadSimulation`), in the same colours per width. The table beside it holds
/// every number.
public struct BornDeadFigure: Sendable {
    public let rows: [BornDeadRow]
    public let plot: LinePlot
    public let svg: String

    /// - Parameters:
    ///   - records: the P5 sweep's records (models mlp/resmlp with width and depth).
    ///   - monteCarloDraws: networks drawn per (width, depth) for widths <= 8 (0: none).
    public init(records: [TrialRecord], monteCarloDraws: Int = 1000, seed: UInt64 = 2019) throws(TheoryFigureError) {
        struct Key: Hashable { var model: String; var width: Int; var depth: Int }
        var perSeed: [Key: [Int: Bool]] = [:]
        var inputsConfig: TrialConfig?
        for r in records {
            guard let m = r.metrics, r.config.model == .mlp || r.config.model == .resmlp else { continue }
            let key = Key(model: r.config.model.rawValue, width: r.config.width, depth: r.config.depth)
            if perSeed[key]?[r.config.seed] == nil { perSeed[key, default: [:]][r.config.seed] = m.collapsedInit }
            if inputsConfig == nil { inputsConfig = r.config }
        }
        guard let inputsConfig else { throw TheoryFigureError("P5 born dead: no mlp or resmlp trial with metrics in the records") }
        let inputs: [[Double]]
        do {
            let data = try Dataset.make(for: inputsConfig)
            inputs = (0..<data.trainCount).map { i in (0..<data.inputDim).map { Double(data.xTrain[i * data.inputDim + $0]) } }
        } catch {
            throw TheoryFigureError("P5 born dead: the sweep's data set cannot be made: \(error.description)")
        }
        var rows: [BornDeadRow] = []
        var monteCarlo: [Key: (Double, Int)] = [:]
        for key in perSeed.keys.sorted(by: { ($0.model, $0.width, $0.depth) < ($1.model, $1.width, $1.depth) }) {
            let seeds = perSeed[key]!
            let k = seeds.values.filter { $0 }.count
            let estimate = ProportionEstimate(successes: k, trials: seeds.count)
            let theory: BornDeadProbability
            do { theory = try BornDeadProbability(width: key.width, depth: key.depth) } catch {
                throw TheoryFigureError("P5 born dead: \(error)")
            }
            var mc: (Double, Int)?
            if key.model == "mlp", key.width <= 8, monteCarloDraws > 0 {
                let plain = Key(model: "mlp", width: key.width, depth: key.depth)
                if let known = monteCarlo[plain] { mc = known } else {
                    do {
                        let sim = try BornDeadSimulation(inputs: inputs, width: key.width, depth: key.depth, draws: monteCarloDraws,
                                                         seed: seed &+ UInt64(100 * key.width + key.depth))
                        mc = (sim.collapsedFraction, monteCarloDraws)
                        monteCarlo[plain] = mc
                    } catch {
                        throw TheoryFigureError("P5 born dead: \(error)")
                    }
                }
            }
            rows.append(BornDeadRow(model: key.model, width: key.width, depth: key.depth, n: seeds.count, collapsedInit: k,
                                    fraction: estimate.fraction, lower: estimate.interval?.lowerBound, upper: estimate.interval?.upperBound,
                                    theoryAtPoint: theory.atPoint, theoryLower: theory.dataSetLowerBound, theoryUpper: theory.dataSetUpperBound,
                                    monteCarlo: mc?.0, monteCarloDraws: mc?.1))
        }
        self.rows = rows
        let widths = Array(Set(rows.map(\.width))).sorted()
        func series(_ model: String) -> [LineSeries] {
            widths.map { w in
                LineSeries(name: "width=\(w)", points: rows.filter { $0.model == model && $0.width == w }.compactMap { r in
                    r.fraction.map { LinePoint(x: Double(r.depth), y: $0, lower: r.lower, upper: r.upper, n: r.n) }
                })
            }
        }
        let theoryPanel = LinePanel(title: "theory, bias-free mlp: bound band, Monte Carlo line", series: widths.map { w in
            LineSeries(name: "width=\(w)", points: rows.filter { $0.model == "mlp" && $0.width == w }.map { r in
                LinePoint(x: Double(r.depth), y: r.monteCarlo ?? r.theoryUpper, lower: r.theoryLower, upper: r.theoryUpper)
            })
        })
        plot = LinePlot(
            title: "Born dead: P(collapsed at initialization) over depth, by width",
            subtitle: "measured over seeds (band: 95% Wilson interval); theory (Lu et al. 2019): 1-(1-2^-N²)^(L-1) ≤ P ≤ 1-(1-2^-N)^(L-1), line: Monte Carlo on the sweep's inputs (upper bound where none)",
            xTitle: "depth (log scale)", yTitle: "P(collapsed at init)", xKind: .log, yKind: .linear,
            yDomain: 0...1, legendTitle: "width",
            panels: [LinePanel(title: "mlp (measured)", series: series("mlp")),
                     LinePanel(title: "resmlp (measured)", series: series("resmlp")),
                     theoryPanel])
        svg = LinePlotRenderer().render(plot)
    }

    public func markdown() -> String {
        var lines = ["## Born dead: P(collapsed at initialization), measured and in theory", "",
                     "Measured: fraction of distinct seeds whose network was collapsed at init [95% Wilson interval]. "
                     + "Theory (Lu, Shin, Su, Karniadakis 2019), bias-free width N, depth L: at one input 1-(1-2^-N)^L; "
                     + "on a data set spanning every direction 1-(1-2^-N²)^(L-1) ≤ P(collapsed) ≤ 1-(1-2^-N)^(L-1) (mlp only; "
                     + "a residual network's skip path carries the input past a dead block). Monte Carlo: bias-free He-normal "
                     + "networks on the sweep's own train inputs.", "",
                     "| model | width | depth | measured | n | theory at a point | theory bounds on the data set | Monte Carlo |",
                     "|---|---|---|---|---|---|---|---|"]
        func f(_ x: Double) -> String { x == 0 ? "0" : (x < 1e-3 ? String(format: "%.1e", x) : String(format: "%.3f", x)) }
        for r in rows {
            let measured = r.fraction.map { f($0) + (r.lower.map { " [\(f($0)), \(f(r.upper!))]" } ?? "") } ?? "—"
            let bounds = r.model == "mlp" ? "[\(f(r.theoryLower)), \(f(r.theoryUpper))]" : "(does not apply)"
            let mc = r.monteCarlo.map { "\(f($0)) (\(r.monteCarloDraws!) draws)" } ?? "—"
            lines.append("| \(r.model) | \(r.width) | \(r.depth) | \(measured) | \(r.n) | \(f(r.theoryAtPoint)) | \(bounds) | \(mc) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(rows), as: UTF8.self) + "\n"
    }
}
