import Foundation
import Testing

extension EndToEnd {
    /// The short version of `make chaos` (Tests/Chaos/chaos_soak.py): a few hundred trials, 4
    /// workers, coordinator and worker SIGKILLs, a SIGSTOP past lease expiry, connection resets
    /// and a few trials that fail for real; the driver checks every invariant and exits non-zero
    /// on a violation. About a minute on this machine.
    @Suite struct ChaosSoak {
        static let driver = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Chaos/chaos_soak.py").path

        @Test(.timeLimit(.minutes(5)))
        func aShortSoakLosesNothingAndCountsNothingTwice() async throws {
            let dir = (NSTemporaryDirectory() as NSString).appendingPathComponent("relusweep-chaos-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let report = (dir as NSString).appendingPathComponent("report.json")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", Self.driver, "--relusweep", try RelusweepBinary.path(), "--trials", "300",
                                 "--workers", "4", "--slots", "1", "--coordinator-kills", "2", "--stops", "1", "--failing", "2",
                                 "--lease-seconds", "2", "--worker-kill-every", "2", "--retrain-sample", "3",
                                 "--time-limit", "200", "--dir", (dir as NSString).appendingPathComponent("work"), "--report", report]
            let out = (dir as NSString).appendingPathComponent("driver.out")
            FileManager.default.createFile(atPath: out, contents: nil)
            process.standardOutput = FileHandle(forWritingAtPath: out)
            process.standardError = process.standardOutput
            try process.run()
            let deadline = ContinuousClock.now + .seconds(260)
            while process.isRunning && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(200)) }
            if process.isRunning {
                process.interrupt()  // the driver kills its children on SIGINT
                try await Task.sleep(for: .seconds(3))
                kill(process.processIdentifier, SIGKILL)
            }
            process.waitUntilExit()
            let output = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
            #expect(process.terminationStatus == 0, "chaos_soak.py exited \(process.terminationStatus):\n\(output.suffix(4000))")
            let data = try #require(FileManager.default.contents(atPath: report), "no report; output:\n\(output.suffix(4000))")
            let figures = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect(figures["result"] as? String == "PASS", "\(figures["problems"] ?? "")")
            #expect(figures["lost"] as? Int == 0)
            #expect(figures["duplicates"] as? Int == 0)
            #expect(figures["stuck"] as? Int == 0)
            #expect((figures["trials"] as? Int ?? 0) >= 300)
            #expect((figures["coordinator_kills"] as? Int ?? 0) >= 2)
            #expect((figures["stops"] as? Int ?? 0) >= 1)
            #expect((figures["worker_kills"] as? Int ?? 0) >= 1, "no worker was killed: \(figures)")
        }
    }
}
