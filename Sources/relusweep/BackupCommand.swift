import ArgumentParser
import Foundation
import SweepStore

/// `relusweep backup --db FILE --out COPY`: a consistent copy of a sweep database, taken with
/// SQLite's online backup while its coordinator keeps serving (`SweepStore.backup`).
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy a sweep database consistently, while its coordinator serves.",
        discussion: """
            Copies every page of --db from one read snapshot (SQLite's online backup; the \
            coordinator keeps leasing and storing meanwhile), checks the copy with SQLite's \
            integrity check, and renames it into place: --out is a complete, sound database or \
            is not there. A coordinator started on the copy continues every sweep from the \
            moment of the copy (leases held then expire and are granted again; results posted \
            after it are not in it). --out must not exist.
            """)

    @Option(help: ArgumentHelp("The coordinator's SQLite file.", valueName: "FILE"))
    var db: String

    @Option(help: ArgumentHelp("Where to write the copy (must not exist).", valueName: "FILE"))
    var out: String

    func run() async throws {
        let started = ContinuousClock.now
        let copy: StoreBackup
        do {
            copy = try SweepStore.backup(path: db, to: out)
        } catch {
            throw CLIError(error.description)
        }
        let seconds = started.duration(to: .now)
        print("backup: \(db) -> \(out): \(copy.bytes) bytes (\(copy.pages) pages), \(copy.sweeps) sweeps, \(copy.trials) trials, "
              + "\(copy.results) results; integrity ok; \(seconds.formatted(.units(allowed: [.seconds, .milliseconds], width: .narrow)))")
    }
}
