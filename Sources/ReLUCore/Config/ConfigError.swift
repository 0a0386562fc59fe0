/// A trial configuration that cannot be trained, with the key at fault and what is allowed.
public struct ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    public let key: String
    public let message: String

    public init(key: String, _ message: String) {
        self.key = key
        self.message = message
    }

    public var description: String { "invalid '\(key)': \(message)" }
}
