/// Every failure a command reports after its arguments parsed: printed as `Error: <message>`
/// (without the usage text), exit status 1. Library errors are rendered into the message in the
/// CLI's own terms (flags, paths), so the message says what to change.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
