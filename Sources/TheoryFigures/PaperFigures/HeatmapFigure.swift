import PhaseDiagram
import Plot
/// A rendered heatmap figure (P2, P5): the table, its SVG and, for P2 with theory, the
/// predicted-vs-measured comparison.
public struct HeatmapFigure: Sendable {
    public let table: PhaseTable
    public let svg: String
    public let prediction: DeathPredictionGrid?
    public let comparison: PredictionComparison?
}
