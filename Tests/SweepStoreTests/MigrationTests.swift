import Foundation
import ReLUCore
import SweepModel
import Testing
import TestSupport
@testable import SweepStore

/// A database written by an earlier schema opens with the current store: the migration keeps
/// every sweep and trial, and fills the grid points from the recorded results.
@Suite struct MigrationTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/v2-sweep.sqlite")

    @Test func aV2DatabaseGainsGridPointsMatchingItsResults() async throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/sweep.sqlite"
        try FileManager.default.copyItem(atPath: Self.fixture.path, toPath: path)
        let store = try SweepStore(path: path)
        defer { try? store.close() }
        let status = try await store.status(sweepId: "v2-fixture")
        #expect(status.counts == TrialCounts(done: 12, failed: 12))

        let points = try await store.points(sweepId: "v2-fixture", withTestMSE: true)
        // targetStd x momentum x dataset = 8 points of 3 seeds each.
        #expect(points.count == 8)
        #expect(points.allSatisfy { $0.expected == 3 })
        #expect(points.map(\.statistics.n).reduce(0, +) == 12)
        #expect(points.map(\.statistics.failed).reduce(0, +) == 12)
        // Each point holds exactly the results of its trials.
        var records: [TrialRecord] = []
        try await store.exportRecords(sweepId: "v2-fixture") { records += $0 }
        for point in points {
            var mine = records.filter { var c = $0.config; c.seed = 0; return c == point.config }
            #expect(mine.count == 3)
            mine.removeAll { $0.metrics == nil }
            #expect(point.statistics.n == mine.count)
            #expect(point.statistics.collapsed == mine.filter { $0.metrics!.collapsed }.count)
            #expect(point.statistics.nmse.sorted() == mine.compactMap { $0.metrics!.normalizedTestMSE }.sorted())
        }
        // The sweep goes on: a resubmission with more seeds adds only the new trials and their points' counts.
        let grid = try GridSpec.load(path: Self.fixture.deletingLastPathComponent().appendingPathComponent("v2-sweep.yaml").path,
                                     overrides: [GridOverride(parsing: "seeds=4")])
        let submitted = try await store.submit(grid)
        #expect(submitted.new == 8)
        #expect(try await store.points(sweepId: "v2-fixture", withTestMSE: false).allSatisfy { $0.expected == 4 })
    }
}
