import Foundation
import SweepModel
import Testing
@testable import SweepStore

/// Issue 16, point 4: `SweepStore.backup` copies a live database consistently (SQLite's online
/// backup) while another connection keeps writing to it.
@Suite struct BackupTests {
    @Test func copiesTakenDuringWritesAreConsistentAndContinue() async throws {
        let f = try StoreFixture()
        let store = try f.open()
        _ = try await store.submit(StoreFixture.grid("live", std: (1...10).map { "\($0)" }, momentum: ["0", "0.5", "0.9"], seeds: 20))
        let total = 600
        // A writer like a busy coordinator: lease and record in small batches, bounded.
        let writer = Task {
            for _ in 0..<total / 10 {
                let grants = try await store.lease(worker: "w1", slots: 10).leases
                if grants.isEmpty { break }
                _ = try await store.record(grants.map { StoreFixture.result($0) })
            }
        }
        var copies: [(path: String, resultsBefore: Int)] = []
        for i in 0..<5 {
            let before = try await store.statusList().sweeps.first?.counts.done ?? 0
            let out = f.dir.appendingPathComponent("copy-\(i).sqlite").path
            let summary = try SweepStore.backup(path: f.path, to: out)
            #expect(summary.trials == total)
            #expect(summary.results >= before)
            #expect(!FileManager.default.fileExists(atPath: out + ".partial"))
            copies.append((out, before))
            try await Task.sleep(for: .milliseconds(20))
        }
        try await writer.value
        let final = try #require(try await store.statusList().sweeps.first?.counts)
        #expect(final.done == total)
        try store.close()

        for (path, before) in copies {
            #expect(try SweepStore.integrityCheck(path: path) == [])
            let copy = try SweepStore(path: path)
            #expect(try await copy.checkInvariants() == [], "\(path)")
            let counts = try #require(try await copy.statusList().sweeps.first?.counts)
            #expect(counts.done >= before && counts.done <= total)
            #expect(counts.done + counts.pending + counts.leased == total)
            // The copy continues: what it had leased or pending can be leased and recorded.
            var rounds = 0
            while rounds < 200, try await copy.statusList().sweeps.first?.counts.remaining ?? 0 > 0 {
                rounds += 1
                let grants = try await copy.lease(worker: "w2", slots: 64, now: Date().addingTimeInterval(3600)).leases
                _ = try await copy.record(grants.map { StoreFixture.result($0) }, now: Date().addingTimeInterval(3600))
            }
            #expect(try await copy.statusList().sweeps.first?.counts.done == total)
            #expect(try await copy.checkInvariants() == [])
            try copy.close()
        }
    }

    @Test func refusesToOverwriteToCopyOntoItselfOrFromNothing() async throws {
        let f = try StoreFixture()
        let store = try f.open()
        try store.close()
        let existing = f.dir.appendingPathComponent("existing.sqlite").path
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: existing))
        #expect { try SweepStore.backup(path: f.path, to: existing) } throws: {
            ($0 as? StoreError)?.description.contains("exists") == true
        }
        #expect(try String(contentsOfFile: existing, encoding: .utf8) == "keep me")
        #expect { try SweepStore.backup(path: f.path, to: f.path) } throws: { ($0 as? StoreError) != nil }
        #expect { try SweepStore.backup(path: f.dir.appendingPathComponent("none.sqlite").path, to: f.dir.appendingPathComponent("x").path) } throws: {
            ($0 as? StoreError)?.description.contains("no such file") == true
        }
    }
}
