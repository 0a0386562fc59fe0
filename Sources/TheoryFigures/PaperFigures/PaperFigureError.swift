import PhaseDiagram
import Plot
/// Why a paper figure could not be made: the aggregation (keys, scales, no data) or the theory
/// (config not fit for the prediction).
public enum PaperFigureError: Error, Hashable, Sendable, CustomStringConvertible {
    case phase(PhaseError)
    case theory(TheoryFigureError)
    /// The records cannot make this figure (e.g. no trace for P6); the message says what to run.
    case noData(String)

    public var description: String {
        switch self {
        case .phase(let e): e.description
        case .theory(let e): e.description
        case .noData(let message): message
        }
    }
}
