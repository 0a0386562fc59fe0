import Foundation
import GRDB
import SweepModel
import Testing
@testable import SweepStore

/// Issue 16, point 4: a damaged or half-written database is found by `integrityCheck` and
/// refused at open with a message naming the file and what to do.
@Suite struct CorruptFileTests {
    /// A store with a grid big enough that the trials table spans several pages, closed.
    static func filledStore(_ f: StoreFixture) async throws {
        let store = try f.open()
        _ = try await store.submit(StoreFixture.grid("big", std: (1...10).map { "\($0)" }, momentum: ["0", "0.5", "0.9"], seeds: 20))
        let grants = try await store.lease(worker: "w1", slots: 50).leases
        _ = try await store.record(grants.map { StoreFixture.result($0) })
        try store.close()
        // Nothing left in the WAL: the damage below is in the file SQLite reads.
        let queue = try DatabaseQueue(path: f.path)
        try await queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        try queue.close()
    }

    static func rootPage(_ f: StoreFixture, of table: String) throws -> Int {
        let queue = try DatabaseQueue(path: f.path)
        defer { try? queue.close() }
        return try queue.read { db in try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_schema WHERE name = ?", arguments: [table]) ?? 0 }
    }

    static func overwrite(_ path: String, page: Int, with bytes: [UInt8]) throws {
        let h = try #require(FileHandle(forUpdatingAtPath: path))
        try h.seek(toOffset: UInt64((page - 1) * 4096))
        try h.write(contentsOf: Data(bytes))
        try h.close()
    }

    static func expectRefused(_ f: StoreFixture) {
        #expect {
            try f.open()
        } throws: { e in
            guard case .corrupt(let path, _) = e as? StoreError else { return false }
            let text = (e as! StoreError).description
            return path == f.path && text.contains(f.path) && text.contains("relusweep backup") && text.contains("relusweep check")
        }
    }

    @Test func aSoundFilePassesTheIntegrityCheck() async throws {
        let f = try StoreFixture()
        try await Self.filledStore(f)
        #expect(try SweepStore.integrityCheck(path: f.path) == [])
        let store = try f.open()
        #expect(try await store.checkInvariants() == [])
        try store.close()
    }

    @Test func garbageInATablePageIsFoundAndRefused() async throws {
        let f = try StoreFixture()
        try await Self.filledStore(f)
        let root = try Self.rootPage(f, of: "trials")
        #expect(root > 1)
        var rng = SystemRandomNumberGenerator()
        try Self.overwrite(f.path, page: root, with: (0..<4096).map { _ in UInt8.random(in: 0...255, using: &rng) })
        let problems = try SweepStore.integrityCheck(path: f.path)
        #expect(!problems.isEmpty)
        // SQLite names the page, or (when the damage stops the check itself) says "malformed".
        #expect(problems.contains { $0.contains("Page \(root)") || $0.contains("malformed") }, "\(problems)")
        Self.expectRefused(f)
        // The refusal released the lock: the next open gets the same answer, not "in use".
        Self.expectRefused(f)
    }

    @Test func aHalfWrittenFileIsRefused() async throws {
        let f = try StoreFixture()
        try await Self.filledStore(f)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: f.path)[.size] as? Int)
        #expect(size > 8 * 4096)
        let h = try #require(FileHandle(forUpdatingAtPath: f.path))
        try h.truncate(atOffset: UInt64(size / 2))
        try h.close()
        #expect(!(try SweepStore.integrityCheck(path: f.path)).isEmpty)
        Self.expectRefused(f)
    }

    @Test func aFileThatIsNotADatabaseIsRefusedAsDamaged() throws {
        let f = try StoreFixture()
        try Data(String(repeating: "this is not sqlite ", count: 300).utf8).write(to: URL(fileURLWithPath: f.path))
        #expect(!(try SweepStore.integrityCheck(path: f.path)).isEmpty)
        Self.expectRefused(f)
    }

    @Test func aMissingFileIsNotCheckedButNamed() {
        #expect {
            try SweepStore.integrityCheck(path: "/nonexistent/relusweep/sweeps.sqlite")
        } throws: { e in
            (e as? StoreError)?.description.contains("/nonexistent/relusweep/sweeps.sqlite: no such file") == true
        }
    }
}
