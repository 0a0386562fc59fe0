/// Which data a trial trains on. Spelled as in grid files and `--dataset`:
/// `teacher`, `sine1d`, `relu1d`, `zigzag1d`, or `csv:PATH` (last column is the target).
public enum DatasetSpec: Hashable, Sendable, CustomStringConvertible {
    /// x ~ N(0, I_d), y from a random ReLU teacher network (2 hidden layers of 32).
    case teacher
    /// x ~ U[-1, 1], y = sin(3x) + 0.3x.
    case sine1d
    /// x ~ U[-1, 1], y = max(0, x).
    case relu1d
    /// x ~ U[-1, 1], y = x - 2 max(0, x) + 2 max(0, x - 1/2): a two-hinge zigzag (slopes +1, -1,
    /// +1). Unlike relu1d it gives a single ReLU (with its output bias at the optimum) a smooth
    /// saddle, at w > 0 (see ReLUTheory's `PopulationSurface`).
    case zigzag1d
    /// A regression table from a CSV file.
    case csv(path: String)

    public static let allowedSpellings = "teacher, sine1d, relu1d, zigzag1d, csv:PATH"

    public init?(_ text: String) {
        switch text {
        case "teacher": self = .teacher
        case "sine1d": self = .sine1d
        case "relu1d": self = .relu1d
        case "zigzag1d": self = .zigzag1d
        default:
            guard text.hasPrefix("csv:"), text.count > 4 else { return nil }
            self = .csv(path: String(text.dropFirst(4)))
        }
    }

    public var description: String {
        switch self {
        case .teacher: "teacher"
        case .sine1d: "sine1d"
        case .relu1d: "relu1d"
        case .zigzag1d: "zigzag1d"
        case .csv(let path): "csv:\(path)"
        }
    }

    /// Input dimension when the config does not set one (csv: read from the file).
    var defaultInputDim: Int? {
        switch self {
        case .teacher: 4
        case .sine1d, .relu1d, .zigzag1d: 1
        case .csv: nil
        }
    }
}

extension DatasetSpec: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let spec = DatasetSpec(text) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "unknown dataset '\(text)'; expected one of \(Self.allowedSpellings)"))
        }
        self = spec
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
