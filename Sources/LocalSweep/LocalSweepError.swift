/// Why a local sweep could not write its outputs.
public enum LocalSweepError: Error, CustomStringConvertible {
    case outputs(String)

    public var description: String {
        switch self {
        case .outputs(let message): message
        }
    }
}
