/// A source that cannot be read, naming the source, the line where known, and what was expected.
public struct ResultSourceError: Error, Hashable, Sendable, CustomStringConvertible {
    public let source: String
    public let line: Int?
    public let message: String

    public init(source: String, line: Int? = nil, _ message: String) {
        self.source = source
        self.line = line
        self.message = message
    }

    public var description: String {
        "\(source)\(line.map { ":\($0)" } ?? ""): \(message)"
    }
}
