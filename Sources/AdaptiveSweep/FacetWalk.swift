import ReLUCore
import SweepModel

/// One facet's refinement, replayed from the outcomes: round 0's cells, then every box of
/// neighbouring cells, split (adding its midpoints) when its corners disagree, level by level.
struct FacetWalk {
    struct Point {
        var tally: CellTally
        /// Outcomes by seed over the issued seeds (for the paired test of the difference rule).
        var outcomes: [TrialOutcome?]
        /// Trial ids of the issued seeds.
        var ids: [String]
    }

    typealias Box = (lo: [Int], size: Int, round: Int)

    let planner: AdaptivePlanner
    let facet: Int
    let outcome: (String) -> TrialOutcome?
    var points: [[Int]: Point] = [:]
    var leaves: [(lo: [Int], size: Int, round: Int, state: AdaptiveBox.State)] = []

    init(planner: AdaptivePlanner, facet: Int, outcome: @escaping (String) -> TrialOutcome?) {
        self.planner = planner
        self.facet = facet
        self.outcome = outcome
    }

    var lattices: [AxisLattice] { planner.lattices }

    mutating func run() {
        let d = lattices.count
        guard d > 0 else {
            _ = point([])
            return
        }
        let unit = lattices[0].unit
        // Round 0: every grid position, and the boxes between neighbours.
        for p in Self.product(lattices.map { stride(from: 0, through: $0.last, by: unit).map { $0 } }) { _ = point(p) }
        var frontier: [Box] = Self.product(lattices.map { stride(from: 0, to: $0.last, by: unit).map { $0 } }).map { ($0, unit, 0) }
        while !frontier.isEmpty {
            var next: [Box] = []
            for box in frontier {
                let state = decide(box)
                if state == .disagrees, box.round < planner.rounds {
                    let half = box.size / 2
                    for offsets in Self.product(Array(repeating: [0, half, box.size], count: d)) {
                        _ = point(zip(box.lo, offsets).map { $0 + $1 })
                    }
                    for m in 0..<(1 << d) {
                        next.append(((0..<d).map { box.lo[$0] + ((m >> $0) & 1) * half }, half, box.round + 1))
                    }
                } else {
                    leaves.append((box.lo, box.size, box.round, state))
                }
            }
            frontier = next
        }
    }

    /// A cell, replayed from its outcomes on first use.
    mutating func point(_ position: [Int]) -> Point {
        if let p = points[position] { return p }
        let key = AdaptiveCellKey(facet: facet, position: position)
        var ids = planner.cache.ids(of: key)
        let computed = ids.count
        let config = planner.config(of: key)
        var seen: [TrialOutcome?] = []
        let tally = CellTally.replay(planner.rule) { seed in
            if seed >= ids.count {
                var c = config
                c.seed = seed
                ids.append(TrialID.of(c))
            }
            let o = outcome(ids[seed])
            seen.append(o)
            return o
        }
        if ids.count > computed { planner.cache.store(ids, for: key) }
        let p = Point(tally: tally, outcomes: seen, ids: Array(ids.prefix(tally.seedsIssued)))
        points[position] = p
        return p
    }

    /// Whether a box's corners disagree (split it), agree (keep it), or cannot tell yet. A box
    /// is split as soon as its settled corners show a disagreement, without waiting for the
    /// others: the outcome is the same as waiting.
    mutating func decide(_ box: Box) -> AdaptiveBox.State {
        let d = lattices.count
        let corners = (0..<(1 << d)).map { m in (0..<d).map { box.lo[$0] + ((m >> $0) & 1) * box.size } }
        let states = corners.map { point($0) }
        let spec = planner.spec
        var unsettled = false
        switch spec.refine?.rule ?? .level {
        case .level:
            let level = spec.level ?? 0.5
            var above = false, below = false
            for p in states {
                guard p.tally.isSettled, let interval = p.tally.interval else { unsettled = true; continue }
                switch interval.side(of: level) {
                case .straddles: return .disagrees
                case .above: above = true
                case .below: below = true
                }
            }
            if above && below { return .disagrees }
        case .difference:
            let alpha = 1 - AdaptiveSpec.confidence
            for m in 0..<(1 << d) {
                guard states[m].tally.isSettled else { unsettled = true; continue }
                for a in 0..<d where (m >> a) & 1 == 0 {
                    let other = states[m | (1 << a)]
                    if other.tally.isSettled, McNemarTest.pValue(states[m].outcomes, other.outcomes) < alpha { return .disagrees }
                }
            }
        }
        return unsettled ? .undecided : .agrees
    }

    /// Cells that undecided boxes could still add (every position of the finest round inside
    /// them that is not a cell yet): for the upper bound on the sweep's trials.
    func potentialCells() -> Int {
        var extra = Set<[Int]>()
        for leaf in leaves where leaf.state == .undecided && leaf.round < planner.rounds {
            for p in Self.product(leaf.lo.map { Array(stride(from: $0, through: $0 + leaf.size, by: 2)) }) where points[p] == nil {
                extra.insert(p)
            }
        }
        return extra.count
    }

    /// The cartesian product of lists, the first slowest.
    static func product(_ lists: [[Int]]) -> [[Int]] {
        lists.reduce([[]]) { acc, list in acc.flatMap { prefix in list.map { prefix + [$0] } } }
    }
}
