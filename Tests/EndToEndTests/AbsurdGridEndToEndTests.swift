import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

extension EndToEnd {
    /// Absurd grids (10^9 trials and worse) are refused before anything is allocated: `relusweep
    /// plan` exits with an error naming the file and the key, and its peak memory stays that of
    /// planning the small smoke grid (measured by the kernel: wait4's ru_maxrss of the child).
    @Suite struct AbsurdGrids {
        struct Outcome {
            var status: Int32
            var maxRSSKiB: Int
            var stderr: String
        }

        /// Runs `relusweep ARGS` with posix_spawn and reaps it with wait4 for its resource usage
        /// (bounded: killed after `seconds`).
        static func measure(_ arguments: [String], dir: String, seconds: Double = 60) throws -> Outcome {
            let binary = try RelusweepBinary.path()
            let errPath = (dir as NSString).appendingPathComponent("stderr-\(UUID().uuidString.prefix(6))")
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            let argv: [UnsafeMutablePointer<CChar>?] = ([binary] + arguments).map { strdup($0) } + [nil]
            defer { for p in argv { free(p) } }
            var pid: pid_t = 0
            let rc = posix_spawn(&pid, binary, &actions, nil, argv, environ)
            guard rc == 0 else { throw E2EFailure("posix_spawn \(binary): \(String(cString: strerror(rc)))") }
            var status: Int32 = 0
            var usage = rusage()
            let deadline = ContinuousClock.now + .seconds(seconds)
            while true {
                let r = wait4(pid, &status, WNOHANG, &usage)
                if r == pid { break }
                if ContinuousClock.now >= deadline {
                    kill(pid, SIGKILL)
                    _ = wait4(pid, &status, 0, &usage)
                    throw E2EFailure("relusweep \(arguments.joined(separator: " ")) still running after \(seconds) s")
                }
                usleep(10_000)
            }
            let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
            let stderr = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
            return Outcome(status: exit, maxRSSKiB: usage.ru_maxrss, stderr: stderr)
        }

        @Test(.timeLimit(.minutes(3)))
        func absurdGridsAreRefusedWithoutAllocating() throws {
            let dir = (NSTemporaryDirectory() as NSString).appendingPathComponent("relusweep-limits-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let baseline = try Self.measure(["plan", repositoryGrid("smoke.yaml")], dir: dir)
            #expect(baseline.status == 0, "\(baseline.stderr)")
            #expect(baseline.maxRSSKiB > 0)
            let absurd: [(name: String, text: String, key: String)] = [
                ("seeds.yaml", "name: x\nseeds: 1000000000\n", "seeds"),
                ("logspace.yaml", "name: x\naxes:\n  lr: logspace(-3, 0, 1000000000)\n", "axes.lr"),
                ("range.yaml", "name: x\naxes:\n  width: range(1, 1000000000000000000)\n", "axes.width"),
                ("product.yaml", "name: x\naxes:\n  width: range(1, 100001)\n  depth: range(1, 100001)\n  nTrain: range(1, 100001)\nseeds: 1000\n", "more than"),
                ("seeds-list.yaml", "name: x\nseeds: range(0, 1000000000)\n", "seeds"),
                ("huge.json", #"{"name":"x","axes":{"lr":[0.1,0.2]},"seeds":1000000000}"#, "seeds"),
            ]
            for g in absurd {
                let path = (dir as NSString).appendingPathComponent(g.name)
                try g.text.write(toFile: path, atomically: true, encoding: .utf8)
                let o = try Self.measure(["plan", path], dir: dir)
                #expect(o.status != 0, "\(g.name) was planned")
                #expect(o.stderr.contains(path) && o.stderr.contains(g.key), "\(g.name): \(o.stderr)")
                // Refused from the counts alone: no more memory than planning 200 trials, give or take 32 MiB.
                #expect(o.maxRSSKiB < baseline.maxRSSKiB + 32 * 1024,
                        "\(g.name): peak \(o.maxRSSKiB) KiB vs \(baseline.maxRSSKiB) KiB for the smoke grid")
            }
        }
    }
}
