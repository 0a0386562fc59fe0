import PhaseDiagram
import Plot
import ReLUTheory

/// Why a theory figure or overlay could not be made; the message names the argument or config
/// key at fault and what is allowed.
public struct TheoryFigureError: Error, Hashable, Sendable, CustomStringConvertible {
    public let message: String
    /// The theory argument at fault (`lr`, `momentum`, ...) when the theory refused one.
    public let argument: String?

    public init(_ message: String) {
        self.message = message
        argument = nil
    }

    init(_ error: TheoryError) {
        message = error.description
        argument = error.argument
    }

    public var description: String { message }
}
