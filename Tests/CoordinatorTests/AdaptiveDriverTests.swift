import AdaptiveSweep
import Coordinator
import Foundation
import Logging
import PhaseDiagram
import ReLUCore
import SweepModel
import SweepStore
import Testing
import TestSupport

/// The coordinator runs adaptive sweeps (issue 14.3): the AdaptiveDriver replays the planner on
/// a real store's results and adds the trials it asks for. The trials a sweep ends with are a
/// function of the grid and the results: a rerun from scratch, or a store closed and reopened
/// mid-sweep with a new driver (a restarted coordinator), ends with the same trials and table.
/// Trials are real single-ReLU trainings (short, so the sweep takes seconds).
@Suite(.timeLimit(.minutes(5)))
struct AdaptiveDriverTests {
    /// A single ReLU (P2's model) over targetStd x momentum, short training; the boundary of
    /// collapse at 0.5 runs through the grid, so refinement adds cells.
    static let grid = """
        name: adaptive-small
        base: { model: single, dataset: relu1d, optimizer: momentum, lr: 0.05, steps: 300, batchSize: 0, nTrain: 64, nTest: 0, earlyStop: true }
        axes:
          targetStd: logspace(-2, 1, 4)
          momentum: [0, 0.9, 0.99]
        adaptive:
          metric: collapsed
          seeds: {min: 8, max: 32, halfWidth: 0.2}
          level: 0.75
          refine: {axes: [targetStd, momentum], rounds: 2}
        """

    struct Run {
        var trialIds: Set<String>
        var table: PhaseTable
        var state: SweepState
        var passes: Int
    }

    /// Drives the sweep in the store at `db` like a coordinator with one worker: a driver pass,
    /// then every pending trial leased, trained and recorded; until the sweep is finished or
    /// `maxBatches` batches were recorded (then the store is closed, as a stopped coordinator
    /// leaves it).
    static func drive(db: String, maxBatches: Int = 10_000, submit: Bool, failing: (String) -> Bool = { _ in false }) async throws -> Run {
        let store = try SweepStore(path: db)
        let spec = try GridSpec.parse(grid, file: "adaptive-small.yaml")
        if submit { _ = try await store.submit(spec) }
        var quiet = Logger(label: "adaptive-test")
        quiet.logLevel = .warning
        let driver = AdaptiveDriver(store: store, logger: quiet)
        var passes = 0
        var batches = 0
        while batches < maxBatches {
            guard passes < 200 else {
                Issue.record("the sweep does not finish: \(passes) driver passes")
                break
            }
            try await driver.pass()
            passes += 1
            let status = try #require(try await store.statusList().sweeps.first { $0.id == spec.sweepId })
            if status.state != .running { break }
            let leases = try await store.lease(worker: "w", slots: 1000).leases
            if leases.isEmpty {
                // Nothing pending: the driver must have something to decide (every trial is back).
                #expect(status.counts.remaining == 0)
                continue
            }
            var items: [ResultItem] = []
            for g in leases {
                if failing(g.trialId) {
                    // Failed for good at once (a configuration failure is not retried).
                    items.append(ResultItem(leaseId: g.leaseId, epoch: g.epoch, trialId: g.trialId, metrics: nil, error: "refused",
                                            errorKind: .configuration, provenance: Provenance(worker: "w", host: "h")))
                    continue
                }
                items.append(ResultItem(leaseId: g.leaseId, epoch: g.epoch, trialId: g.trialId, metrics: try Trainer().run(g.config),
                                        provenance: Provenance(worker: "w", host: "h")))
            }
            _ = try await store.record(items)
            batches += 1
        }
        let status = try #require(try await store.statusList().sweeps.first { $0.id == spec.sweepId })
        let ids = try await store.adaptiveSnapshot(sweepId: spec.sweepId, known: []).members
        let points = try await store.points(sweepId: spec.sweepId, withTestMSE: false)
        let table = try PhaseAggregator(query: PhaseQuery(x: "targetStd", y: "momentum"))
            .table(points: points.map { ($0.config, $0.expected, $0.statistics) })
        if let d = await driver.decision(sweepId: spec.sweepId), ProcessInfo.processInfo.environment["ADAPTIVE_DEBUG"] != nil {
            for c in d.cells where c.round == 0 {
                print("cell", c.config.targetStd, c.config.momentum, c.tally.successes, "/", c.tally.seedsIssued, c.tally.stop as Any)
            }
        }
        // Consistent at every stop, also while the sweep waits for a decision with nothing left.
        #expect(try await store.checkInvariants() == [])
        try store.close()
        return Run(trialIds: ids, table: table, state: status.state, passes: passes)
    }

    @Test func aRerunFromScratchEndsWithTheSameTrialsAndTable() async throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = try await Self.drive(db: dir + "/a.sqlite", submit: true)
        let second = try await Self.drive(db: dir + "/b.sqlite", submit: true)
        let planner = try AdaptivePlanner(grid: GridSpec.parse(Self.grid, file: "adaptive-small.yaml"))
        print("adaptive-small: \(first.trialIds.count) trials of at most \(planner.fullGridTrials), \(first.passes) passes,",
              "\(first.table.xValues.count) x \(first.table.yValues.count) values")
        #expect(first.state == .finished && second.state == .finished)
        #expect(first.trialIds == second.trialIds)
        #expect(first.table == second.table)
        // The sweep adapted: more than round 0's 12 x 8 trials, fewer than the full grid, and
        // refined values (new targetStd or momentum values) in the table.
        #expect(first.trialIds.count > 12 * 8 && first.trialIds.count < planner.fullGridTrials)
        #expect(first.table.xValues.count > 4 || first.table.yValues.count > 3)
    }

    /// Trials failed for good have no outcome: they widen their cell's interval (the cell may take
    /// more seeds), and the sweep still ends, the same way every time, also across a restart.
    @Test func failedTrialsWidenCellsAndEndTheSameWay() async throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // About one trial in eight fails, chosen by its id (the same trials every run).
        let failing: (String) -> Bool = { $0.hasPrefix("0") || $0.hasPrefix("1") }
        let clean = try await Self.drive(db: dir + "/clean.sqlite", submit: true)
        let first = try await Self.drive(db: dir + "/a.sqlite", submit: true, failing: failing)
        _ = try await Self.drive(db: dir + "/b.sqlite", maxBatches: 2, submit: true, failing: failing)
        let resumed = try await Self.drive(db: dir + "/b.sqlite", submit: false, failing: failing)
        #expect(first.state == .finished && resumed.state == .finished)
        #expect(first.trialIds == resumed.trialIds && first.table == resumed.table)
        #expect(first.table.totals.failed > 0)
        #expect(first.trialIds != clean.trialIds)
    }

    @Test func aRestartedCoordinatorContinuesExactly() async throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let reference = try await Self.drive(db: dir + "/ref.sqlite", submit: true)
        // Stopped after 1, then 3 batches (the store closed, a new driver on the reopened file).
        // A batch is every pending trial, so each stop comes right after the results and before
        // the decision that needs them: the new driver must take it from the store alone.
        let db = dir + "/restarted.sqlite"
        let partial = try await Self.drive(db: db, maxBatches: 1, submit: true)
        #expect(partial.state == .running && partial.trialIds.count < reference.trialIds.count)
        _ = try await Self.drive(db: db, maxBatches: 2, submit: false)
        let resumed = try await Self.drive(db: db, submit: false)
        #expect(resumed.state == .finished)
        #expect(resumed.trialIds == reference.trialIds)
        #expect(resumed.table == reference.table)
    }
}
