import PhaseDiagram
import Plot
import ReLUTheory

/// What paper figure P4 shows: the single-ReLU loss surface on the (w, b) plane (descent
/// directions, loss contours), its dead region, its stationary points by kind, and simulated
/// optimizer paths. `SingleReLUFieldRenderer` draws it.
public struct SingleReLUFieldPlot: Sendable {
    public var surface: SingleReLUSurface
    public var window: PlaneWindow
    public var trajectories: [FieldTrajectory]
    public var title: String
    /// Lines under the title (data, optimizer settings).
    public var subtitle: [String]
    /// Arrows across the w range (rows follow from the window's aspect).
    public var arrowColumns: Int = 25
    /// Loss samples across the w range for the contours.
    public var contourResolution: Int = 140
    /// Mark every iterate of the first this many steps with a dot (shows the discrete jumps).
    public var dottedSteps: Int = 40

    public init(surface: SingleReLUSurface, window: PlaneWindow, trajectories: [FieldTrajectory],
                title: String, subtitle: [String] = []) {
        self.surface = surface
        self.window = window
        self.trajectories = trajectories
        self.title = title
        self.subtitle = subtitle
    }

    /// The smallest window holding every path, every minimum and saddle (off the dead region)
    /// and the apex of the dead region, with a margin.
    public static func window(trajectories: [FieldTrajectory], surface: SingleReLUSurface, margin: Double = 0.08) -> PlaneWindow {
        var points = trajectories.flatMap { $0.trajectory.points.map { PlaneVector(w: $0.w, b: $0.b) } }
        points += surface.stationaryPoints().filter { $0.kind == .minimum || $0.kind == .saddle }.map { PlaneVector(w: $0.w, b: $0.b) }
        return PlaneWindow.enclosing(points, margin: margin)
    }
}
