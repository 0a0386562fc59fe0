import Foundation
import SweepModel
import Testing

extension EndToEnd {
    /// Issue 16, point 5: a coordinator serving HTTPS itself (`--tls-cert`, `--tls-key`), with a
    /// throwaway CA and certificate made by `openssl`; workers and every client command reach it
    /// with `--ca-file`; a wrong CA (or none) is refused with a clear error.
    @Suite struct TLS {
        /// A CA, a certificate for 127.0.0.1 signed by it, and an unrelated CA, in `dir`.
        struct Certificates {
            var ca: String
            var wrongCA: String
            var certificate: String
            var key: String
        }

        static func openssl(_ arguments: [String], in dir: String) throws {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = ["openssl"] + arguments
            p.currentDirectoryURL = URL(fileURLWithPath: dir)
            let err = Pipe()
            p.standardError = err
            p.standardOutput = FileHandle.nullDevice
            try p.run()
            p.waitUntilExit()
            guard p.terminationStatus == 0 else {
                let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                throw E2EFailure("openssl \(arguments.prefix(2).joined(separator: " ")) failed: \(text)")
            }
        }

        static func makeCertificates(in dir: String) throws -> Certificates {
            let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
            try openssl(["req", "-x509"] + ec + ["-keyout", "ca.key", "-out", "ca.pem", "-days", "1", "-subj", "/CN=relusweep test CA"], in: dir)
            try openssl(["req", "-x509"] + ec + ["-keyout", "wrong.key", "-out", "wrong.pem", "-days", "1", "-subj", "/CN=another CA"], in: dir)
            try openssl(["req"] + ec + ["-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1"], in: dir)
            try "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n"
                .write(toFile: (dir as NSString).appendingPathComponent("server.ext"), atomically: true, encoding: .utf8)
            try openssl(["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                         "-out", "server.pem", "-days", "1", "-extfile", "server.ext"], in: dir)
            func path(_ name: String) -> String { (dir as NSString).appendingPathComponent(name) }
            return Certificates(ca: path("ca.pem"), wrongCA: path("wrong.pem"), certificate: path("server.pem"), key: path("server.key"))
        }

        @Test func aSweepRunsOverTLSAndAWrongCAIsRefused() async throws {
            let cluster = try Cluster()
            defer { cluster.tearDown() }
            let certs = try Self.makeCertificates(in: cluster.dir)
            let coordinator = try Spawned(["coordinator", "--db", cluster.db, "--port", "0", "--token-file", cluster.tokenFile,
                                           "--tls-cert", certs.certificate, "--tls-key", certs.key, "--lease-seconds", "10"],
                                          name: "tls-coordinator", dir: cluster.dir)
            defer { coordinator.kill() }
            let out = try await coordinator.waitForOutput("listening on https://", seconds: 60)
            let url = try #require(out.split(separator: "\n").first { $0.hasPrefix("listening on https://") }).dropFirst("listening on ".count)
            let connect = ["--coordinator", String(url), "--token-file", cluster.tokenFile]
            let grid = try cluster.grid("tls", singleReLUGrid(name: "tls", steps: 2000, seeds: 10))

            // The right CA: submit, a worker to the end, status and results.
            let submit = try await cluster.run(["submit", grid, "--json", "--ca-file", certs.ca] + connect, name: "submit")
            #expect(submit.status == 0, "\(submit.stderr)")
            #expect(submit.stdout.contains(#""trials":20"#))
            let worker = try Spawned(["worker", "--slots", "2", "--name", "tls-w", "--outbox", cluster.outbox("tls-w"), "--exit-when-idle",
                                      "--ca-file", certs.ca] + connect, name: "tls-worker", dir: cluster.dir)
            defer { worker.kill() }
            #expect(try await worker.waitForExit(seconds: 120) == 0, "\(worker.stderr.suffix(2000))")
            let status = try await cluster.run(["status", "tls", "--json", "--ca-file", certs.ca] + connect, name: "status")
            #expect(status.status == 0 && status.stdout.contains(#""done":20"#), "\(status.stdout) \(status.stderr)")
            let results = try await cluster.run(["results", "tls", "--ca-file", certs.ca] + connect, name: "results")
            #expect(results.status == 0)
            #expect(results.stdout.split(separator: "\n").count == 20)

            // Another CA, or none (the system's roots): refused at once, saying what to do.
            for (name, ca) in [("wrong-ca", ["--ca-file", certs.wrongCA]), ("no-ca", [])] {
                let r = try await cluster.run(["status", "--json"] + ca + connect, name: "status-\(name)", seconds: 60)
                #expect(r.status == 1, "\(name): \(r.stdout)")
                #expect(r.stderr.contains("cannot trust the coordinator") && r.stderr.contains("--ca-file"), "\(name): \(r.stderr)")
            }
            // A worker that cannot trust the coordinator stops (no retrying forever).
            let w = try Spawned(["worker", "--slots", "1", "--name", "w-wrong-ca", "--outbox", cluster.outbox("w-wrong-ca"),
                                 "--exit-when-idle", "--ca-file", certs.wrongCA] + connect, name: "worker-wrong-ca", dir: cluster.dir)
            defer { w.kill() }
            #expect(try await w.waitForExit(seconds: 60) == 1)
            #expect(w.stderr.contains("cannot trust the coordinator"), "\(w.stderr.suffix(1000))")
            // Plain HTTP to the TLS port is refused too, with a hint.
            let plain = try await cluster.run(["status", "--coordinator", String(url).replacingOccurrences(of: "https://", with: "http://"),
                                               "--token-file", cluster.tokenFile], name: "status-http", seconds: 60)
            #expect(plain.status == 1)
            #expect(plain.stderr.contains("use https://"), "\(plain.stderr)")

            coordinator.signal(SIGTERM)
            #expect(try await coordinator.waitForExit(seconds: 40) == 0)
        }

        @Test func badCertificateFilesStopTheCoordinatorBeforeItListens() async throws {
            let cluster = try Cluster()
            defer { cluster.tearDown() }
            let certs = try Self.makeCertificates(in: cluster.dir)
            let cases: [([String], String)] = [
                (["--tls-cert", certs.certificate], "--tls-cert needs --tls-key"),
                (["--tls-key", certs.key], "--tls-key needs --tls-cert"),
                (["--tls-cert", cluster.path("missing.pem"), "--tls-key", certs.key], "--tls-cert \(cluster.path("missing.pem"))"),
                (["--tls-cert", certs.certificate, "--tls-key", cluster.tokenFile], "--tls-key \(cluster.tokenFile)"),
                (["--tls-cert", certs.certificate, "--tls-key", cluster.path("wrong.key")], "unusable together"),
            ]
            for (i, (flags, message)) in cases.enumerated() {
                let r = try await cluster.run(["coordinator", "--db", cluster.db, "--port", "0", "--token-file", cluster.tokenFile] + flags,
                                              name: "bad-tls-\(i)", seconds: 30)
                #expect(r.status != 0, "\(flags)")
                #expect(!r.stdout.contains("listening on"))
                #expect(r.stderr.contains(message), "\(flags): \(r.stderr)")
            }
        }
    }
}
