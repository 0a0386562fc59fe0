/// A failure after the arguments parsed, printed as `Error: <text>` without the usage text.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
