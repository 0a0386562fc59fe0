import Foundation
import ReLUCore

/// A sweep's results (`GET /v1/sweeps/{id}/results`) saved to a file: streamed into
/// `<path>.part`, retried from the start while the coordinator is restarting (up to
/// `attempts`), synced, then renamed over `path`, so `path` is never half written.
public enum ResultsExport {
    public static func write(_ client: CoordinatorClient, sweep: String, format: String, to path: String,
                             attempts: Int = 4) async throws {
        let tmp = path + ".part"
        guard FileManager.default.createFile(atPath: tmp, contents: nil), let h = FileHandle(forWritingAtPath: tmp) else {
            throw ResultsExportError.cannotCreate(tmp, FileProblem.creatingFile(path) ?? FileProblem.creatingFile(tmp))
        }
        do {
            var attempt = 0
            while true {
                attempt += 1
                do {
                    try h.truncate(atOffset: 0)
                    try await client.download(results: sweep, format: format) { chunk in try h.write(contentsOf: chunk) }
                    break
                } catch let e as CoordinatorClientError where e.isRetryable && attempt < attempts {
                    try await Task.sleep(for: .seconds(Backoff(initialDelay: 0.5, maxDelay: 4).delay(failures: attempt)))
                }
            }
            try h.synchronize()
            try h.close()
        } catch {
            try? h.close()
            try? FileManager.default.removeItem(atPath: tmp)
            throw error
        }
        if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
        try FileManager.default.moveItem(atPath: tmp, toPath: path)
    }
}

/// A results file that cannot be written.
public enum ResultsExportError: Error, CustomStringConvertible {
    /// The file (its `.part`) cannot be created, and why when known.
    case cannotCreate(String, FileProblem?)

    public var description: String {
        switch self {
        case .cannotCreate(let path, let problem?): "cannot create \(path): \(problem.description); \(problem.advice)"
        case .cannotCreate(let path, nil): "cannot create \(path): check that its folder exists and is writable"
        }
    }
}
