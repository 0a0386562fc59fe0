import Foundation

/// The regime read off simulated iterates alone, with no eigenvalue in sight: the check of P3.
///
/// From (e, v) = (1, 0) the optimizer runs `burnIn` steps (so the dominant mode takes over),
/// then `window` steps in which it counts sign changes and sign keeps of consecutive errors
/// and measures the growth rate of the state. The state is rescaled every step (the dynamics
/// are linear), so long runs neither overflow nor underflow.
/// - growth per step > 1 + tolerance: divergent; < 1 - tolerance: converging; else undecided;
/// - a converging run whose error both changes and keeps its sign at least twice in the window
///   rotates: complex; one that (almost) only keeps or (almost) only flips: real.
/// Close to a boundary (rotation below ~pi/window, growth within tolerance of 1) the answer is
/// undecided or may differ from the closed form; that is what the check is for.
public struct SimulatedRegime: Hashable, Codable, Sendable {
    /// nil when the run could not tell (growth within tolerance of 1).
    public let regime: MomentumRegime?
    public let signChanges: Int
    public let signKeeps: Int
    /// Geometric-mean factor by which the state norm changed per step over the window.
    public let growthPerStep: Double

    public init(method: MomentumMethod, lr: Double = 1, beta: Double, stepCurvature h: Double,
                burnIn: Int = 2000, window: Int = 4000, tolerance: Double = 1e-3) {
        var sim = QuadraticMomentumSimulator(method: method, lr: lr, beta: beta, curvature: h / lr, initialError: 1)
        // Norm on a common scale: lr*v has the units of e.
        func norm(_ s: QuadraticMomentumSimulator) -> Double { max(abs(s.error), abs(lr * s.velocity)) }
        for _ in 0..<burnIn {
            sim.step()
            let n = norm(sim)
            if n == 0 || !n.isFinite { break }
            sim.rescale(by: 1 / n)
        }
        var logGrowth = 0.0
        var changes = 0
        var keeps = 0
        var exhausted = false
        var previous = sim.error
        for _ in 0..<window {
            let before = norm(sim)
            if before == 0 || !before.isFinite { exhausted = true; break }
            sim.rescale(by: 1 / before)
            previous = sim.error
            sim.step()
            let after = norm(sim)
            logGrowth += log(after)  // the state had norm 1 before the step
            if sim.error != 0 && previous != 0 {
                if (sim.error > 0) == (previous > 0) { keeps += 1 } else { changes += 1 }
            }
        }
        signChanges = changes
        signKeeps = keeps
        if exhausted {
            // The state hit exactly zero (nilpotent matrix, e.g. Nesterov at h = 1) or overflowed.
            let zero = norm(sim) == 0
            growthPerStep = zero ? 0 : .infinity
            regime = zero ? .real : .divergent
            return
        }
        growthPerStep = exp(logGrowth / Double(window))
        if growthPerStep > 1 + tolerance || growthPerStep.isNaN {
            regime = .divergent
        } else if growthPerStep < 1 - tolerance {
            regime = (changes >= 2 && keeps >= 2) ? .complex : .real
        } else {
            regime = nil
        }
    }
}
