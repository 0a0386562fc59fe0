import PhaseDiagram
import Plot
import ReLUTheory

/// Why a theory figure or overlay could not be made; the message names the argument or config
/// key at fault and what is allowed.
public struct TheoryFigureError: Error, Hashable, Sendable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    init(_ error: TheoryError) {
        message = error.description
    }

    public var description: String { message }
}
