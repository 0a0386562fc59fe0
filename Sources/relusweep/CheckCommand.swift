import ArgumentParser
import Foundation
import SweepStore

/// `relusweep check --db FILE`: SQLite's integrity check of the file, then the store's own
/// consistency check (`SweepStore.checkInvariants`) on a database no coordinator has open. The
/// chaos soak runs it after its faults; operators can run it after a crash, a full disk or a
/// restore from backup.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a sweep database's file and invariants (stop its coordinator first).",
        discussion: """
            First SQLite's integrity check of the file (every page, every index entry against \
            its table); a damaged file is reported with what to do, and nothing else is \
            checked. Then, from one snapshot, the rules every store operation keeps: sweep counters \
            match their trials, a trial is done exactly when it has its one result, a leased \
            trial has exactly one active lease at its epoch, finished sweeps have nothing left. \
            Prints 'ok' and exits 0, or prints each violation and exits 1. Opening the file \
            takes its lock (a running coordinator holds it: stop it first) and appends an \
            'open' event; nothing else is written.
            """)

    @Option(help: ArgumentHelp("The coordinator's SQLite file.", valueName: "FILE"))
    var db: String

    func run() async throws {
        guard FileManager.default.fileExists(atPath: db) else {
            throw ValidationError("--db \(db): no such file")
        }
        let damage: [String]
        do {
            damage = try SweepStore.integrityCheck(path: db)
        } catch {
            throw CLIError("--db \(db): \(error.description)")
        }
        if !damage.isEmpty {
            for d in damage { print("damaged: \(d)") }
            print(StoreError.corrupt(path: db, detail: "SQLite integrity_check found \(damage.count) problem(s)").description)
            throw ExitCode(1)
        }
        print("integrity: ok (SQLite integrity_check)")
        let problems: [String]
        do {
            let store = try SweepStore(path: db)
            defer { try? store.close() }
            problems = try await store.checkInvariants()
        } catch {
            throw CLIError("--db \(db): \(error.description)")
        }
        if problems.isEmpty {
            print("ok: \(db) is consistent")
            return
        }
        for p in problems { print("violation: \(p)") }
        throw ExitCode(1)
    }
}
