/// The relusweep version a worker reports in provenance and User-Agent.
public enum WorkerVersion {
    public static let current = "0.1.0"
}
