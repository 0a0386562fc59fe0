import Foundation
import Testing
@testable import ReLUTheory

/// The closed-form overshoot predictor: its modes against the optimizer's own iterates, its
/// thresholds against the exact single-ReLU dynamics, and its P(dead) against paper figure P2.
struct OvershootPredictionTests {
    static let data = TestData.relu1d(count: 1024)
    static let surface = try! SingleReLUSurface(x: data.x, y: data.y)

    @Test("a heavy-ball mode in closed form equals iterating the optimizer on e = lambda e^2 / 2")
    func modeMatchesIteration() {
        for beta in [0.0, 0.5, 0.9, 0.99] {
            for lrLambda in [1e-4, 0.0026, 0.05, 0.5, 1.5, 3.0, 3.9] {
                let mode = HeavyBallMode(lr: 0.1, beta: beta, curvature: lrLambda / 0.1)
                var e = 1.0, v = 0.0
                for k in 0...400 {
                    #expect(abs(mode.response(k) - e) < 1e-9 * max(1, abs(e)), "beta \(beta) lr*lambda \(lrLambda) step \(k)")
                    v = beta * v + (lrLambda / 0.1) * e
                    e -= 0.1 * v
                }
            }
        }
    }

    /// Where the exact dynamics (w, b, c from (sign W, 0, 0), targets standardized) switch
    /// between alive and dead, by bisection on log W; nil when the fate is the same at both ends.
    func exactThreshold(sign: Double, beta: Double, steps: Int = 3000) throws -> Double? {
        let sim = try TrajectorySimulator(surface: Self.surface, settings: TrajectorySettings(
            optimizer: .momentum, lr: 0.05, momentum: beta, steps: steps, recordEvery: steps, outputBias: true))
        func dies(_ w: Double) -> Bool { sim.run(w0: sign * w, b0: 0).deadAtEnd }
        var lo = 0.01, hi = 1e4
        let deadLo = dies(lo)
        guard deadLo != dies(hi) else { return nil }
        for _ in 0..<30 {
            let mid = (lo * hi).squareRoot()
            if dies(mid) == deadLo { lo = mid } else { hi = mid }
        }
        return (lo * hi).squareRoot()
    }

    @Test("correctly signed starts: the closed-form threshold is within a factor 1.4 of the exact one")
    func positiveSideThresholds() throws {
        for beta in [0.9, 0.99] {
            let p = try OvershootPrediction(data: Self.surface.data, lr: 0.05, momentum: beta, steps: 3000)
            let predicted = try #require(p.positive.diesAbove)
            let exact = try #require(try exactThreshold(sign: 1, beta: beta))
            #expect(predicted / exact < 1.4 && exact / predicted < 1.4, "beta \(beta): predicted \(predicted), exact \(exact)")
        }
        // Without enough momentum neither dies from a correct start.
        for beta in [0.0, 0.5] {
            let p = try OvershootPrediction(data: Self.surface.data, lr: 0.05, momentum: beta, steps: 3000)
            #expect(p.positive.diesAbove == nil && p.positive.diesBelow == nil)
            #expect(try exactThreshold(sign: 1, beta: beta) == nil)
        }
    }

    @Test("the start piece and probabilities are consistent")
    func structure() throws {
        let p = try OvershootPrediction(data: Self.surface.data, lr: 0.05, momentum: 0.9, steps: 3000)
        // The start pieces' optima zero their own gradients (features x 1_A, 1_A, 1).
        for side in [p.positive, p.negative] {
            var g = [0.0, 0, 0]
            for (x, y) in zip(Self.data.x, Self.data.y) {
                let a: Double = Double(side.sign) * x > 0 ? 1 : 0
                let psi = [x * a, a, 1]
                let r = zip(psi, side.pieceOptimum).reduce(0) { $0 + $1.0 * $1.1 } - y
                for i in 0..<3 { g[i] += 2 * r * psi[i] / Double(Self.data.x.count) }
            }
            #expect(g.allSatisfy { abs($0) < 1e-12 }, "\(g)")
        }
        // relu1d's fit on x > 0: slope near the exact fit's 1.79 (the sample's kink is not exactly at 0).
        #expect(abs(p.positive.pieceOptimum[0] - 1.79) < 0.1)
        // On x < 0 the target is flat: the piece's fit switches the unit off (w = 0, b < 0).
        #expect(abs(p.negative.pieceOptimum[0]) < 1e-9 && p.negative.pieceOptimum[1] < 0)
        #expect(p.positive.curvatures.allSatisfy { $0 > 0 })
        // Monotone in sigma here (dies above a threshold): P falls as sigma grows, to 0 and 1 at the ends.
        let ps = [1e-6, 1e-4, 1e-2, 1, 100].map { p.probability(targetStd: $0) }
        #expect(zip(ps, ps.dropFirst()).allSatisfy { $0 >= $1 })
        #expect(ps[0] > 0.999)
        #expect(throws: TheoryError.self) { try OvershootPrediction(data: Self.surface.data, lr: 0.05, momentum: 1, steps: 10) }
    }

    @Test("scored against P2 (docs/figures/p2-single-relu.json): right where momentum kills correctly signed starts")
    func scoreAgainstP2() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../docs/figures/p2-single-relu.json").standardized
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let cells = try #require(json["cells"] as? [[String: Any]])
        #expect(cells.count == 24)
        var predictors: [Double: OvershootPrediction] = [:]
        var inside = 0, total = 0.0
        var lines: [String] = []
        var momentumSmallSigma: [Double] = []
        for cell in cells {
            let sigma = try #require(cell["x"] as? Double), beta = try #require(cell["y"] as? Double)
            let measured = try #require(cell["fraction"] as? Double)
            let lower = try #require(cell["lower"] as? Double), upper = try #require(cell["upper"] as? Double)
            #expect(cell["n"] as? Int == 200)
            if predictors[beta] == nil {
                predictors[beta] = try OvershootPrediction(data: Self.surface.data, lr: 0.05, momentum: beta, steps: 3000)
            }
            let predicted = predictors[beta]!.probability(targetStd: sigma)
            let ok = predicted >= lower && predicted <= upper
            if ok { inside += 1 }
            total += abs(predicted - measured)
            if beta >= 0.9 && sigma <= 0.1 { momentumSmallSigma.append(abs(predicted - measured)) }
            lines.append("sigma \(sigma) beta \(beta): measured \(measured) [\(lower), \(upper)], predicted \(predicted)\(ok ? " (in)" : "")")
        }
        print("OvershootPrediction vs P2: \(inside) of 24 inside the 95% interval, mean |error| \(total / 24)\n" + lines.joined(separator: "\n"))
        // The claim: for beta >= 0.9 and sigma <= 0.1, where dying is the overshoot of
        // correctly signed starts plus the death of wrongly signed ones, it is within 0.1.
        #expect(momentumSmallSigma.count == 8)
        #expect(momentumSmallSigma.allSatisfy { $0 < 0.1 }, "\(momentumSmallSigma)")
    }
}
