/// Bounds on what a grid may ask for, checked before anything is allocated (grid files arrive
/// over HTTP and are fuzzed).
public struct GridLimits: Hashable, Sendable {
    /// Most trials one grid may expand to (after seeds).
    public var maxTrials: Int
    /// Largest grid document accepted, in bytes.
    public var maxBytes: Int
    /// Most nodes a document may hold after YAML aliases are expanded (billion-laughs guard).
    public var maxNodes: Int
    /// Deepest nesting of lists and mappings accepted.
    public var maxDepth: Int

    public init(maxTrials: Int = 1_000_000, maxBytes: Int = 4 << 20, maxNodes: Int = 1_000_000, maxDepth: Int = 32) {
        self.maxTrials = maxTrials
        self.maxBytes = maxBytes
        self.maxNodes = maxNodes
        self.maxDepth = maxDepth
    }

    public static let `default` = GridLimits()
}
