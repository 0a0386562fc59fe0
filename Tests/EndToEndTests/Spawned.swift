import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A `relusweep` child process with its standard output and error in files (read while it
/// runs). Every wait is bounded; `kill` ends it for good. Tests `defer { p.kill() }` so nothing
/// outlives them.
final class Spawned: @unchecked Sendable {
    let process = Process()
    let name: String
    let stdoutPath: String
    let stderrPath: String

    /// Starts `relusweep ARGS` in `dir` with a clean environment (no RELUSWEEP_* inherited) plus `env`.
    init(_ arguments: [String], name: String, dir: String, env: [String: String] = [:]) throws {
        self.name = name
        stdoutPath = (dir as NSString).appendingPathComponent("\(name).stdout")
        stderrPath = (dir as NSString).appendingPathComponent("\(name).stderr")
        FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: try RelusweepBinary.path())
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: dir)
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("RELUSWEEP_") }
        environment["RELUSWEEP_STATE_DIR"] = (dir as NSString).appendingPathComponent("state")
        for (k, v) in env { environment[k] = v }
        process.environment = environment
        process.standardOutput = FileHandle(forWritingAtPath: stdoutPath)
        process.standardError = FileHandle(forWritingAtPath: stderrPath)
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }
    var stdout: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    func signal(_ sig: Int32) { if process.isRunning { Glibc.kill(pid, sig) } }

    /// SIGKILL if still running, and reap it.
    func kill() {
        guard process.isRunning else { return }
        Glibc.kill(pid, SIGKILL)
        process.waitUntilExit()
    }

    /// Waits for the exit (bounded) and returns the exit status; throws on timeout (after
    /// killing the process) with its last output.
    @discardableResult
    func waitForExit(seconds: Double) async throws -> Int32 {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while process.isRunning {
            if ContinuousClock.now >= deadline {
                kill()
                throw E2EFailure("\(name) did not exit within \(seconds) s; stderr:\n\(stderr.suffix(3000))")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        return process.terminationStatus
    }

    /// Waits until standard output contains `text` (bounded).
    func waitForOutput(_ text: String, seconds: Double) async throws -> String {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            let out = stdout
            if out.contains(text) { return out }
            if !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw E2EFailure("\(name) did not print '\(text)' within \(seconds) s (running: \(process.isRunning)); stdout:\n\(stdout.suffix(2000))\nstderr:\n\(stderr.suffix(3000))")
    }
}

struct E2EFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
