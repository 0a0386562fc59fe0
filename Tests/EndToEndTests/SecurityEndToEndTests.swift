import Foundation
import SweepModel
import Testing
import SweepClient
#if canImport(Glibc)
import Glibc
#endif

extension EndToEnd {
    /// docs/security.md, checked with real processes: the token never shows in output, logs or
    /// command lines; no token means loopback only; one coordinator per database.
    @Suite struct Security {
        /// Every process's command line (`/proc/*/cmdline`) and our children's environments.
        static func procText(pids: [Int32]) -> String {
            var out = ""
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
            for e in entries where Int32(e) != nil {
                if let d = FileManager.default.contents(atPath: "/proc/\(e)/cmdline") {
                    out += String(decoding: d.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self) + "\n"
                }
            }
            for pid in pids {
                if let d = FileManager.default.contents(atPath: "/proc/\(pid)/environ") {
                    out += String(decoding: d.map { $0 == 0 ? 0x0A : $0 }, as: UTF8.self) + "\n"
                }
            }
            return out
        }

        @Test func theTokenNeverAppearsInOutputLogsOrCommandLines() async throws {
            let cluster = try Cluster()
            defer { cluster.tearDown() }
            // Debug logging: one line per request, the most the coordinator ever logs.
            try await cluster.startCoordinator(leaseSeconds: 5, extra: ["--log-level", "debug"])
            let grid = try cluster.grid("secret", singleReLUGrid(name: "secret", steps: 200, seeds: 10))
            _ = try await cluster.submit(grid)
            let worker = try cluster.startWorker("w-secret", slots: 1, extra: ["--verbose"])
            // While they run: nothing on any command line or in our children's environments.
            try await Task.sleep(for: .milliseconds(500))
            let pids = [cluster.coordinator!.pid, worker.pid]
            let running = Self.procText(pids: pids)
            #expect(running.contains("--token-file"), "the processes were not found in /proc")
            #expect(!running.contains(Cluster.token), "the token is visible in /proc/*/cmdline or environ")
            _ = try await cluster.waitUntilFinished("secret", seconds: 120)
            #expect(try await worker.waitForExit(seconds: 60) == 0)

            // Clients with the right and with a wrong token: errors must not echo either.
            try "a-wrong-token-\(UUID().uuidString)\n".write(toFile: cluster.path("wrong"), atomically: true, encoding: .utf8)
            let wrongToken = try String(contentsOfFile: cluster.path("wrong"), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            var outputs: [String] = []
            for tokenFile in [cluster.tokenFile, cluster.path("wrong")] {
                for args in [["status", "--json"], ["results", "secret", "--format", "jsonl"], ["submit", grid, "--json"],
                             ["worker", "--slots", "1", "--name", "w-wrong", "--outbox", cluster.path("w-wrong.jsonl"), "--exit-when-idle"]] {
                    let r = try await cluster.run(args + ["--coordinator", cluster.url, "--token-file", tokenFile], name: "client-\(outputs.count)")
                    outputs.append(r.stdout + r.stderr)
                }
            }
            #expect(outputs.contains { $0.contains("401") }, "the wrong token was not refused")
            let unreadable = try await cluster.run(["status", "--coordinator", cluster.url, "--token-file", cluster.path("missing")], name: "missing-file")
            #expect(unreadable.status != 0)
            outputs.append(unreadable.stdout + unreadable.stderr)
            #expect(try await cluster.stopAndCheckDatabase() == [])

            // Everything the processes wrote: their output, the worker log and outbox, the database's event log.
            var written = outputs.joined(separator: "\n")
            for name in try FileManager.default.contentsOfDirectory(atPath: cluster.dir) where name != "token" && name != "wrong" {
                if let d = FileManager.default.contents(atPath: cluster.path(name)) { written += String(decoding: d, as: UTF8.self) }
            }
            #expect(written.contains("request"), "no debug request lines were logged")
            #expect(!written.contains(Cluster.token), "the token appears in output, a log or the database")
            #expect(!written.contains(wrongToken), "a presented (wrong) token was echoed")
        }

        @Test func withoutATokenTheCoordinatorListensOnLoopbackOnly() async throws {
            let cluster = try Cluster()
            defer { cluster.tearDown() }
            for host in ["0.0.0.0", "::", "192.0.2.1"] {
                let db = cluster.path("open-\(host.filter(\.isNumber)).sqlite")
                let r = try await cluster.run(["coordinator", "--db", db, "--host", host, "--port", "0"], name: "open-\(host.filter(\.isNumber))", seconds: 30)
                #expect(r.status != 0)
                #expect(r.stderr.contains("refusing to listen on \(host) without a token"), "\(r.stderr)")
                #expect(!FileManager.default.fileExists(atPath: db), "the database was created before refusing")
            }
            let r = try await cluster.run(["coordinator", "--db", cluster.path("p.sqlite"), "--port", "0", "--protect-reads"], name: "protect-no-token", seconds: 30)
            #expect(r.status != 0)
            #expect(r.stderr.contains("--protect-reads"), "\(r.stderr)")
        }

        @Test func protectedReadsNeedTheTokenOnLoopback() async throws {
            let cluster = try Cluster()
            defer { cluster.tearDown() }
            try await cluster.startCoordinator(extra: ["--protect-reads"])
            let anonymous = CoordinatorClient(endpoint: try CoordinatorEndpoint(url: cluster.url, token: nil), timeout: .seconds(10))
            do {
                _ = try await anonymous.sweeps()
                Issue.record("GET /v1/sweeps without the token succeeded with --protect-reads")
            } catch {
                #expect(error.status == 401, "\(error)")
            }
            #expect(try await cluster.client.sweeps().sweeps.isEmpty)
            #expect(try await cluster.client.info().readsNeedToken)
            #expect(try await cluster.stopAndCheckDatabase() == [])
        }

        @Test func aSecondCoordinatorOnTheSameDatabaseExitsWithAClearError() async throws {
            let cluster = try Cluster()
            defer { cluster.tearDown() }
            try await cluster.startCoordinator()
            let first = cluster.coordinator!
            let r = try await cluster.run(["coordinator", "--db", cluster.db, "--port", "0", "--token-file", cluster.tokenFile],
                                          name: "second", seconds: 30)
            #expect(r.status != 0)
            #expect(r.stderr.contains("in use by process \(first.pid)"), "\(r.stderr)")
            #expect(r.stderr.contains("stop that coordinator first"), "\(r.stderr)")
            #expect(!r.stdout.contains("listening on"))
            // The first one is unharmed and still serves.
            #expect(try await cluster.client.sweeps().sweeps.isEmpty)
            #expect(try await cluster.stopAndCheckDatabase() == [])
        }
    }
}
