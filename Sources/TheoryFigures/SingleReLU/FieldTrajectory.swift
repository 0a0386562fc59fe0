import PhaseDiagram
import Plot
import ReLUTheory

/// A simulated (w, b) path to draw on the field plot, with its legend name and colour.
public struct FieldTrajectory: Sendable {
    public var label: String
    public var trajectory: Trajectory
    public var color: String

    public init(label: String, trajectory: Trajectory, color: String) {
        self.label = label
        self.trajectory = trajectory
        self.color = color
    }

    /// What became of the path, for the legend: "dead from step 8", "alive at step 3000", ...
    public var outcome: String {
        let t = trajectory
        if let d = t.divergenceStep { return "diverged at step \(d)" }
        if t.deadAtEnd, let s = t.deadSinceStep { return "dead from step \(s)" }
        if let f = t.firstDeadStep { return "entered D at step \(f), alive at step \(t.final.step)" }
        return "never dead, alive at step \(t.final.step)"
    }
}
