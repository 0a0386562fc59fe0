/// What kind of failure an `error` result item reports (`errorKind`). Without one, a failure
/// spends one unit of the trial's retry budget and the trial is leased again (maybe to another
/// worker, which may succeed: a data set missing on one host). `configuration`: no worker would
/// train it either (an invalid config, a csv path the worker's data access policy refuses), so
/// the trial is failed at once with this error, not retried.
public struct TrialErrorKind: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public static let configuration = TrialErrorKind(rawValue: "configuration")

    /// The kinds a coordinator understands; an item with another is rejected (not counted).
    public static let known: [TrialErrorKind] = [.configuration]

    public var description: String { rawValue }
}
