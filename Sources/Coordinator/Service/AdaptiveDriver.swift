import AdaptiveSweep
import Foundation
import Logging
import ServiceLifecycle
import SweepModel
import SweepStore

/// Runs adaptive sweeps (issue 14, docs/adaptive.md) inside the coordinator, for remote workers
/// and `relusweep run` alike. It keeps no state of its own that matters: the decisions are a
/// pure function of the grid and the stored results, so after every change it replays the
/// planner on the sweep's stored outcomes and adds the trials the decision has and the sweep
/// lacks. Trial ids are content hashes, so adding again is idempotent; a coordinator killed at
/// any point and started again replans from the store on its first pass and continues exactly.
///
/// A pass (every 100 ms) looks at every running sweep with an adaptive block and replans those
/// whose count of finished trials changed since it last planned them (every one on the first
/// pass): at once when the sweep has nothing pending, else at most once a second. The planner
/// adds a cell's next batch as soon as its outcome cannot stop the cell (look-ahead), so workers
/// mostly have pending trials; between rounds a sweep may briefly have none, and lease answers
/// then say to ask again within a second (SweepStore+Lease). When the planner is done and
/// nothing remains, the driver marks the sweep finished (the store does not, for these sweeps).
public actor AdaptiveDriver: Service {
    struct Memo {
        var grid: String
        var planner: AdaptivePlanner?
        var outcomes: [String: TrialOutcome] = [:]
        /// done + failed when last planned.
        var finishedSeen = -1
        var lastDecision: AdaptiveDecision?
        /// When it was last planned with the right to add trials.
        var planned: ContinuousClock.Instant?
    }

    private let store: SweepStore
    private let interval: Duration
    private let busyInterval: Duration
    private let logger: Logger
    private var memos: [String: Memo] = [:]
    /// Sweeps seen to have no adaptive block (status asks about every sweep).
    private var plain: Set<String> = []

    /// `interval`: how often it looks for changes; `busyInterval`: the least time between two
    /// plans of a sweep that still has pending trials (a plan replays the whole sweep, about as
    /// long as reading its trials; workers have work meanwhile). A sweep with nothing pending is
    /// planned at the next look.
    public init(store: SweepStore, interval: Duration = .milliseconds(100), busyInterval: Duration = .seconds(1),
                logger: Logger = Logger(label: "relusweep.adaptive")) {
        self.store = store
        self.interval = interval
        self.busyInterval = busyInterval
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do { _ = try await self.pass() } catch {
                    // The store may be closing at shutdown; anything else is logged and retried.
                    if !Task.isCancelled { self.logger.error("adaptive pass failed", metadata: ["error": "\(error)"]) }
                }
                try? await Task.sleep(for: self.interval)
            }
        }
    }

    /// One pass over the running adaptive sweeps; returns the ids it replanned.
    @discardableResult
    public func pass() async throws(StoreError) -> [String] {
        var replanned: [String] = []
        let now = ContinuousClock.now
        for s in try await store.runningAdaptiveSweeps() where memos[s.id]?.finishedSeen != s.finished {
            if s.pending > 0, let last = memos[s.id]?.planned, now - last < busyInterval { continue }
            try await replan(sweepId: s.id)
            replanned.append(s.id)
        }
        return replanned
    }

    /// The last decision taken for a sweep (nil before its first plan, or for a grid the planner
    /// refused).
    public func decision(sweepId: String) -> AdaptiveDecision? { memos[sweepId]?.lastDecision }

    /// An adaptive sweep's round and trials for its status (nil for a plain sweep). A sweep not
    /// planned in this process (finished before a restart) is planned once, adding nothing.
    public func progress(sweepId: String) async -> AdaptiveProgress? {
        if let d = memos[sweepId]?.lastDecision { return Self.progress(d) }
        guard !plain.contains(sweepId) else { return nil }
        guard let grid = try? await store.grid(sweepId: sweepId), SweepStore.isAdaptive(grid: grid) else {
            plain.insert(sweepId)
            return nil
        }
        return (try? await replan(sweepId: sweepId, extend: false)).flatMap { $0 }.map(Self.progress)
    }

    static func progress(_ d: AdaptiveDecision) -> AdaptiveProgress {
        AdaptiveProgress(round: d.round, rounds: d.rounds, cells: d.cells.count, trials: d.trialCount, mostTrials: d.maxTrials,
                         fullGridTrials: d.fullGridTrials, finished: d.isFinished)
    }

    /// Reads the sweep, replays its planner and (with `extend`, for a running sweep) adds what
    /// the decision lacks.
    @discardableResult
    public func replan(sweepId: String, extend: Bool = true) async throws(StoreError) -> AdaptiveDecision? {
        var memo = memos[sweepId]
        // Results are permanent; a trial failed for good can still get a late result (from a
        // stale lease, SweepStore.record), so failed outcomes are read again every time.
        let known = Set((memo?.outcomes ?? [:]).compactMap { $0.value == .failed ? nil : $0.key })
        var snapshot = try await store.adaptiveSnapshot(sweepId: sweepId, known: known)
        if memo?.grid != snapshot.grid {
            // New grid (first plan, or re-submitted): outcomes depend on its metric; read them all.
            if memo != nil { snapshot = try await store.adaptiveSnapshot(sweepId: sweepId, known: []) }
            memo = Memo(grid: snapshot.grid, planner: plannerFor(sweepId: sweepId, grid: snapshot.grid))
        }
        guard var m = memo else { return nil }
        defer { memos[sweepId] = m }
        let writes = extend && snapshot.state == .running
        if writes {
            // Only a plan that may write counts as handled (a status-only plan must not hide a change).
            m.finishedSeen = snapshot.counts.done + snapshot.counts.failed
            m.planned = .now
        }
        guard let planner = m.planner else { return nil }
        m.outcomes = m.outcomes.filter { $0.value != .failed }
        for (id, metrics) in snapshot.finished {
            m.outcomes[id] = TrialOutcome(metrics: metrics, metric: planner.spec.metric)
        }
        let decision = planner.plan(outcomes: m.outcomes)
        m.lastDecision = decision
        guard writes else { return decision }
        var missing: [Trial] = []
        for cell in decision.cells {
            for (seed, id) in cell.trialIds.enumerated() where !snapshot.members.contains(id) {
                missing.append(Trial(config: cell.config(seed: seed)))
            }
        }
        let finished = decision.isFinished && missing.isEmpty
        guard !missing.isEmpty || (finished && snapshot.counts.remaining == 0) else { return decision }
        let response = try await store.extendAdaptive(sweepId: sweepId, trials: missing, finished: finished)
        logger.info(finished ? "adaptive sweep finished" : "adaptive sweep extended", metadata: [
            "sweep": "\(sweepId)", "added": "\(response?.new ?? 0)", "round": "\(decision.round)", "cells": "\(decision.cells.count)",
            "trials": "\(decision.trialCount)", "mostTrials": "\(decision.maxTrials)", "fullGrid": "\(decision.fullGridTrials)",
        ])
        return decision
    }

    private func plannerFor(sweepId: String, grid text: String) -> AdaptivePlanner? {
        do {
            return try AdaptivePlanner(grid: GridSpec.parse(text, file: "sweep \(sweepId)", format: .json))
        } catch {
            logger.error("the stored grid of an adaptive sweep cannot be planned; it gets no more trials until it is re-submitted",
                         metadata: ["sweep": "\(sweepId)", "error": "\(error)"])
            return nil
        }
    }
}
