/// Why an analysis could not run: the message names the argument and what is allowed.
public struct TheoryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The argument at fault, spelled as in the API (`beta`, `x`, `lr`, ...).
    public let argument: String
    public let message: String

    public init(argument: String, _ message: String) {
        self.argument = argument
        self.message = message
    }

    public var description: String { "\(argument): \(message)" }
}
