import ReLUCore
import SweepModel

/// The decisions of an adaptive sweep (issue 14) as a pure function of its grid and the
/// outcomes known so far: which trials the sweep has (to add those it lacks), which cells are
/// settled and why, and how far refinement has gone.
///
/// `plan` replays everything from the outcomes alone. A cell's next batch is added when its
/// current look is complete and does not stop it, or earlier when no outcome of the missing
/// seeds could stop it; a box of neighbouring cells is split once its corners' settled
/// intervals show they disagree, or kept once all of them settled and agree. Each decision
/// depends on complete information only, never on the order results arrive in: the trials a
/// sweep ends with are a function of the grid file and the trials' results, so a rerun from
/// scratch, or a coordinator restarted mid-sweep, yields the same trials and table.
///
/// Cells take seeds 0, 1, 2, ... (seed i of every cell: neighbours are paired); a cell's
/// trials are ordinary `Trial`s whose ids hash their config, so round 0's first batch is the
/// grid's own `trials()`, and a refined cell equal to a trial of another sweep reuses it.
public struct AdaptivePlanner: Sendable {
    public let grid: GridSpec
    public let spec: AdaptiveSpec
    public let rule: CellStopRule
    /// The refined axes (refine.axes order), empty without `refine`.
    public let refinedAxes: [ConfigKey]
    /// Each refined axis's spacing (geometric midpoints on a logspace axis).
    public let spacings: [AxisSpacing]
    /// The values of the grid's other dimensions, one assignment per facet, in grid order (the
    /// first dimension varies slowest).
    public let facets: [[ConfigKey: ConfigValue]]
    let lattices: [AxisLattice]
    let rounds: Int
    let facetConfigs: [TrialConfig]
    let cache = TrialIDCache()

    /// A planner for `grid`, which must have an `adaptive` block. Every value refinement could
    /// add is checked the way trials are (`TrialConfig.validate`).
    public init(grid: GridSpec) throws(GridError) {
        guard let spec = grid.adaptive else {
            throw GridError(file: grid.source, keyPath: "adaptive", "this grid has no adaptive block; run it as a plain sweep")
        }
        self.grid = grid
        self.spec = spec
        let schedule = SeedSchedule(minSeeds: spec.minSeeds, maxSeeds: spec.maxSeeds, confidence: AdaptiveSpec.confidence)
        rule = CellStopRule(intervals: SequentialIntervals(schedule: schedule), halfWidth: spec.halfWidth, level: spec.level)
        let refined = spec.refine?.axes ?? []
        rounds = spec.refine?.rounds ?? 0
        refinedAxes = refined
        lattices = refined.map { key in
            AxisLattice(key: key, gridValues: grid.axes.first { $0.key == key }?.values.compactMap(\.number) ?? [], rounds: spec.refine?.rounds ?? 0)
        }
        spacings = lattices.map(\.spacing)

        // Facets: the product of the dimensions not refined, first slowest.
        var base = TrialConfig()
        for (k, v) in grid.base { base[k] = v }
        var assignments: [[ConfigKey: ConfigValue]] = [[:]]
        for d in grid.dimensions where !(d.keys.count == 1 && refined.contains(d.keys[0])) {
            let columns = d.keys.map { k in (k, grid.axes.first { $0.key == k }?.values ?? []) }
            assignments = assignments.flatMap { a in
                (0..<d.size).map { i in
                    var b = a
                    for (k, values) in columns where i < values.count { b[k] = values[i] }
                    return b
                }
            }
        }
        facets = assignments
        facetConfigs = assignments.map { a in
            var c = base
            for (k, v) in a { c[k] = v }
            return c
        }

        // Midpoints of valid values are valid for today's checks (ranges); check anyway, once.
        if let first = facetConfigs.first {
            for (a, lattice) in lattices.enumerated() {
                for p in stride(from: 0, through: lattice.last, by: 2) {
                    var c = first
                    for (b, other) in lattices.enumerated() where b != a { c[other.key] = .double(other.values[0]) }
                    c[lattice.key] = .double(lattice.values[p])
                    do { try c.validate() } catch {
                        throw GridError(file: grid.source, keyPath: "adaptive.refine.axes",
                                        "refining \(lattice.key.rawValue) would add the value \(CanonicalJSON.number(lattice.values[p])), which is invalid: \(error.message)")
                    }
                }
            }
        }
    }

    public var schedule: SeedSchedule { rule.schedule }

    /// The most trials the sweep could take: every cell of the finest lattice (each refined
    /// axis of m values at (m - 1) * 2^rounds + 1) in every facet, at `maxSeeds`.
    public var fullGridTrials: Int {
        lattices.reduce(facets.count) { $0 * ($1.last / 2 + 1) } * spec.maxSeeds
    }

    /// The decisions given the outcomes known so far (nil: not back yet), by trial id.
    public func plan(_ outcome: (String) -> TrialOutcome?) -> AdaptiveDecision {
        withoutActuallyEscaping(outcome) { outcome in
            var cells: [(AdaptiveCellKey, CellTally, [String])] = []
            var boxes: [(facet: Int, lo: [Int], size: Int, round: Int, state: AdaptiveBox.State)] = []
            var potential = 0
            for f in facets.indices {
                var walk = FacetWalk(planner: self, facet: f, outcome: outcome)
                walk.run()
                cells += walk.points.map { (AdaptiveCellKey(facet: f, position: $0.key), $0.value.tally, $0.value.ids) }
                boxes += walk.leaves.map { (f, $0.lo, $0.size, $0.round, $0.state) }
                potential += walk.potentialCells()
            }
            return decision(cells: cells, boxes: boxes, potentialCells: potential)
        }
    }

    /// The decisions given outcomes by trial id.
    public func plan(outcomes: [String: TrialOutcome]) -> AdaptiveDecision {
        plan { outcomes[$0] }
    }

    /// The config of a cell (seed 0).
    func config(of key: AdaptiveCellKey) -> TrialConfig {
        var c = facetConfigs[key.facet]
        for (a, lattice) in lattices.enumerated() { c[lattice.key] = .double(lattice.values[key.position[a]]) }
        c.seed = 0
        return c
    }

    func round(of position: [Int]) -> Int {
        zip(lattices, position).map { $0.round(of: $1) }.max() ?? 0
    }

    private func decision(cells raw: [(AdaptiveCellKey, CellTally, [String])],
                          boxes: [(facet: Int, lo: [Int], size: Int, round: Int, state: AdaptiveBox.State)],
                          potentialCells: Int) -> AdaptiveDecision {
        let sorted = raw.map { (key: $0.0, tally: $0.1, ids: $0.2, round: round(of: $0.0.position)) }
            .sorted { ($0.round, $0.key) < ($1.round, $1.key) }
        var index: [AdaptiveCellKey: Int] = [:]
        for (i, c) in sorted.enumerated() { index[c.key] = i }
        let cells = sorted.map { c in
            var bounds: [ConfigKey: ClosedRange<Double>] = [:]
            for (a, lattice) in lattices.enumerated() {
                let half = lattice.unit >> (c.round + 1)
                let p = c.key.position[a]
                bounds[lattice.key] = lattice.values[max(0, p - half)]...lattice.values[min(lattice.last, p + half)]
            }
            return AdaptiveCell(key: c.key, round: c.round, config: config(of: c.key), bounds: bounds, tally: c.tally, trialIds: c.ids)
        }
        let d = lattices.count
        let leaves = boxes.map { b in
            AdaptiveBox(facet: b.facet, round: b.round,
                        lower: (0..<d).map { lattices[$0].values[b.lo[$0]] },
                        upper: (0..<d).map { lattices[$0].values[b.lo[$0] + b.size] },
                        corners: (0..<(1 << d)).map { m in
                            index[AdaptiveCellKey(facet: b.facet, position: (0..<d).map { b.lo[$0] + ((m >> $0) & 1) * b.size })] ?? -1
                        },
                        state: b.state)
        }
        let maxTrials = cells.reduce(potentialCells * spec.maxSeeds) { $0 + ($1.tally.isSettled ? $1.tally.seedsIssued : spec.maxSeeds) }
        return AdaptiveDecision(refinedAxes: refinedAxes, spacings: spacings, facets: facets, cells: cells, leaves: leaves,
                                rounds: rounds, maxTrials: maxTrials, fullGridTrials: fullGridTrials)
    }
}
