import Foundation

/// Trains a single ReLU on the full 1-D data set in Double, with the optimizers in PyTorch's
/// form (the training core's update order), and follows (w, b). Loss mean((f - y)^2).
public struct TrajectorySimulator: Sendable {
    public let surface: SingleReLUSurface
    public let settings: TrajectorySettings

    public init(surface: SingleReLUSurface, settings: TrajectorySettings) throws(TheoryError) {
        try settings.validate()
        self.surface = surface
        self.settings = settings
    }

    /// Runs from (w0, b0) (and c = 0 when training an output bias).
    public func run(w0: Double, b0: Double) -> Trajectory {
        let s = settings
        let beta = s.momentum
        var theta = [w0, b0, 0.0]
        let count = s.outputBias ? 3 : 2
        var velocity = [0.0, 0.0, 0.0]   // momentum buffer, or Adam's first moment
        var second = [0.0, 0.0, 0.0]     // Adam's second moment
        var beta1Power = 1.0, beta2Power = 1.0
        var points: [TrajectoryPoint] = []
        var firstDead: Int? = nil
        var deadSince: Int? = nil
        var left = false
        var divergence: Int? = nil
        var stepsRun = 0

        func observe(step: Int, loss: Double) {
            let dead = surface.isDead(w: theta[0], b: theta[1])
            if dead {
                if firstDead == nil { firstDead = step }
                if deadSince == nil { deadSince = step }
            } else if deadSince != nil {
                deadSince = nil
                left = true
            }
            if step % s.recordEvery == 0 || step == s.steps {
                points.append(TrajectoryPoint(step: step, w: theta[0], b: theta[1],
                                              c: s.outputBias ? theta[2] : nil, loss: loss, dead: dead))
            }
        }

        for step in 0...s.steps {
            let e = surface.evaluate(w: theta[0], b: theta[1], c: theta[2])
            if !e.loss.isFinite || !theta[0].isFinite || !theta[1].isFinite || !theta[2].isFinite {
                divergence = step
                if points.last?.step != step {
                    points.append(TrajectoryPoint(step: step, w: theta[0], b: theta[1],
                                                  c: s.outputBias ? theta[2] : nil, loss: e.loss, dead: false))
                }
                break
            }
            observe(step: step, loss: e.loss)
            if step == s.steps { break }
            let g = [e.gradW, e.gradB, e.gradC]
            switch s.optimizer {
            case .sgd:
                for i in 0..<count { theta[i] -= s.lr * g[i] }
            case .momentum:
                for i in 0..<count {
                    velocity[i] = beta * velocity[i] + g[i]
                    theta[i] -= s.lr * velocity[i]
                }
            case .nesterov:
                for i in 0..<count {
                    velocity[i] = beta * velocity[i] + g[i]
                    theta[i] -= s.lr * (g[i] + beta * velocity[i])
                }
            case .adam:
                beta1Power *= beta
                beta2Power *= s.beta2
                let stepSize = s.lr / (1 - beta1Power)
                let correction2 = (1 - beta2Power).squareRoot()
                for i in 0..<count {
                    velocity[i] = beta * velocity[i] + (1 - beta) * g[i]
                    second[i] = s.beta2 * second[i] + (1 - s.beta2) * g[i] * g[i]
                    theta[i] -= stepSize * velocity[i] / (second[i].squareRoot() / correction2 + s.eps)
                }
            }
            stepsRun = step + 1
        }
        let deadAtEnd = divergence == nil ? deadSince : nil
        return Trajectory(settings: s, points: points, firstDeadStep: firstDead, deadSinceStep: deadAtEnd,
                          divergenceStep: divergence, stepsRun: stepsRun, deadAtEnd: deadAtEnd != nil,
                          leftDeadRegion: left)
    }
}
