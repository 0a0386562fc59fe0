import Plot
import ArgumentParser
import Foundation
import ReLUTheory

/// `relusweep analyze regimes`: the momentum linear system's regime map (P3).
struct AnalyzeRegimesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regimes",
        abstract: "Regime map (real / complex / divergent) of heavy ball or Nesterov over lr*lambda x beta.",
        discussion: """
            Closed form, checked (with --simulate) against the optimizer's own iterates on a \
            1-D quadratic. Boundary convention: a double real eigenvalue counts as real, \
            spectral radius exactly 1 as divergent.
            """)

    @Option(help: "Momentum method: \(MomentumMethod.allCases.map(\.rawValue).joined(separator: ", ")).")
    var method: MomentumMethod = .heavyBall
    @Option(name: .customLong("lr-lambda"), help: "lr*lambda values: a comma list or logspace(a, b, n).")
    var lrLambda: String = "logspace(1e-3, 10, 13)"
    @Option(help: "Momentum values in [0, 1): a comma list.")
    var beta: String = "0,0.5,0.9,0.99"
    @Flag(help: "Also classify every cell from simulated iterates and flag disagreements.")
    var simulate = false
    @Flag(help: "One line per cell (spectral radius, rotation, eigenvalues) instead of the map.")
    var long = false
    @Flag(help: "Print the regime map as one JSON object.")
    var json = false

    func validate() throws {
        _ = try regimeMap(simulate: false)
    }

    /// The map the flags ask for; errors name the flag.
    func regimeMap(simulate: Bool) throws -> RegimeMap {
        let hs = try parseNumberList(lrLambda, flag: "lr-lambda")
        let betas = try parseNumberList(beta, flag: "beta")
        do {
            return try RegimeMap(method: method, stepCurvatures: hs, betas: betas, simulate: simulate)
        } catch {
            let flag = error.argument == "betas" || error.argument == "beta" ? "beta" : "lr-lambda"
            throw ValidationError("--\(flag): \(error.message)")
        }
    }

    func run() throws {
        let map = try regimeMap(simulate: simulate)
        if json {
            print(try jsonString(map))
            return
        }
        print(long ? longTable(map) : mapTable(map))
    }

    private func letter(_ r: MomentumRegime) -> String {
        switch r {
        case .real: "R"
        case .complex: "C"
        case .divergent: "D"
        }
    }

    func mapTable(_ map: RegimeMap) -> String {
        var lines = ["\(map.method.rawValue): regime over lr*lambda (columns) x beta (rows); "
                     + "R real, C complex (oscillating), D divergent"
                     + (simulate ? "; * simulation disagrees, ? simulation undecided" : "")]
        let width = 9
        func pad(_ s: String) -> String { String(repeating: " ", count: max(0, width - s.count)) + s }
        lines.append(pad("beta") + " |" + map.stepCurvatures.map { pad(NumberFormat.short($0)) }.joined())
        lines.append(String(repeating: "-", count: width + 2 + width * map.stepCurvatures.count))
        for (row, beta) in map.betas.enumerated() {
            var cells = ""
            for column in map.stepCurvatures.indices {
                let cell = map.cell(betaIndex: row, stepCurvatureIndex: column)
                var mark = letter(cell.regime)
                if let sim = cell.simulated {
                    if sim.regime == nil { mark += "?" } else if !cell.simulationAgrees { mark += "*" }
                }
                cells += pad(mark)
            }
            lines.append(pad(NumberFormat.short(beta)) + " |" + cells)
        }
        lines.append("")
        lines.append("boundaries in lr*lambda: complex for lower < lr*lambda < upper, converges for 0 < lr*lambda < max")
        for b in map.boundaries {
            let band = b.complexLower < b.complexUpper
                ? "complex \(NumberFormat.short(b.complexLower))..\(NumberFormat.short(b.complexUpper))" : "complex: none"
            lines.append("  beta \(NumberFormat.short(b.beta)): \(band), converges below \(NumberFormat.short(b.convergenceUpper))")
        }
        if simulate {
            let decided = map.cells.filter { $0.simulated?.regime != nil }
            let disagree = decided.filter { !$0.simulationAgrees }.count
            lines.append("simulation: \(decided.count)/\(map.cells.count) cells decided, \(disagree) disagree with the closed form")
        }
        return lines.joined(separator: "\n")
    }

    func longTable(_ map: RegimeMap) -> String {
        var lines = ["beta lr*lambda regime spectralRadius rotationPerStep eigenvalues" + (simulate ? " simulated growthPerStep" : "")]
        for cell in map.cells {
            var line = "\(NumberFormat.short(cell.beta)) \(NumberFormat.short(cell.stepCurvature)) \(cell.regime.rawValue) "
                + "\(NumberFormat.short(cell.spectralRadius)) \(NumberFormat.short(cell.rotationPerStep)) "
                + cell.eigenvalues.map { e in
                    e.im == 0 ? NumberFormat.short(e.re) : "\(NumberFormat.short(e.re))\(e.im < 0 ? "-" : "+")\(NumberFormat.short(abs(e.im)))i"
                }.joined(separator: ",")
            if let s = cell.simulated {
                line += " \(s.regime?.rawValue ?? "undecided") \(NumberFormat.short(s.growthPerStep))"
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
