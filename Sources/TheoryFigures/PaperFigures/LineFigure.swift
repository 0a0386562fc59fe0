import PhaseDiagram
import Plot
/// A rendered line-plot figure (P1, P6): the aggregated table behind it (for the Markdown/JSON
/// tables), the plot and its SVG.
public struct LineFigure: Sendable {
    public let table: PhaseTable
    public let plot: LinePlot
    public let svg: String
}
