import ReLUCore

/// A grid's `adaptive` block as read from its document: each value typed and range-checked
/// where it stands (errors name `adaptive.seeds.min` and its line), checked against the grid's
/// axes and seeds later by `RawGrid.resolve`.
struct RawAdaptive {
    typealias Origin = RawGrid.Origin

    var origin: Origin
    var metric: (AdaptiveMetric, Origin)?
    var minSeeds: (Int, Origin)?
    var maxSeeds: (Int, Origin)?
    var halfWidth: (Double, Origin)?
    var level: (Double, Origin)?
    var refine: Refine?

    struct Refine {
        var origin: Origin
        var axes: [(key: ConfigKey, origin: Origin)]
        var rounds: (Int, Origin)?
        var rule: (AdaptiveSpec.Refine.Rule, Origin)?
    }

    static let keys = ["metric", "seeds", "level", "refine"]
    static let seedKeys = ["min", "max", "halfWidth"]
    static let refineKeys = ["axes", "rounds", "rule"]

    init(origin: Origin) { self.origin = origin }

    /// The block as a `GridSpec` holds it, for re-resolution after overrides.
    init(_ spec: AdaptiveSpec, origin: Origin) {
        self.origin = origin
        metric = (spec.metric, origin.child(".metric"))
        minSeeds = (spec.minSeeds, origin.child(".seeds.min"))
        maxSeeds = (spec.maxSeeds, origin.child(".seeds.max"))
        halfWidth = (spec.halfWidth, origin.child(".seeds.halfWidth"))
        level = spec.level.map { ($0, origin.child(".level")) }
        refine = spec.refine.map { r in
            let ro = origin.child(".refine")
            return Refine(origin: ro, axes: r.axes.enumerated().map { ($1, ro.child(".axes[\($0)]")) },
                          rounds: (r.rounds, ro.child(".rounds")), rule: (r.rule, ro.child(".rule")))
        }
    }

    init(_ node: GridNode, origin: Origin) throws(GridError) {
        self.origin = origin
        guard case .map(let pairs, _) = node else {
            throw origin.error("expected a mapping with keys \(Self.keys.joined(separator: ", ")), got \(node.kindName)")
        }
        for (key, value) in pairs {
            let o = origin.child(".\(key)", value.position)
            if Self.isNull(value) { continue }
            switch key {
            case "metric":
                guard case .scalar(let text, _, _) = value else { throw o.error("expected \(AdaptiveMetric.allowed), got \(value.kindName)") }
                switch AdaptiveMetric.parse(text) {
                case .success(let m): metric = (m, o)
                case .failure(let p): throw o.error(p.message)
                }
            case "seeds":
                guard case .map(let entries, _) = value else {
                    throw o.error("expected a mapping like {min: 16, max: 400, halfWidth: 0.05}, got \(value.kindName)")
                }
                for (k, v) in entries {
                    let so = o.child(".\(k)", v.position)
                    if Self.isNull(v) { continue }
                    switch k {
                    case "min":
                        let n = try Self.integer(v, origin: so)
                        guard n >= 1 else { throw so.error("expected at least 1 seed per cell, got \(n)") }
                        minSeeds = (n, so)
                    case "max":
                        let n = try Self.integer(v, origin: so)
                        guard n >= 1, n <= AdaptiveSpec.maxSeedsLimit else {
                            throw so.error("expected 1 to \(AdaptiveSpec.maxSeedsLimit) seeds per cell, got \(n)")
                        }
                        maxSeeds = (n, so)
                    case "halfWidth":
                        let x = try Self.number(v, origin: so)
                        guard x > 0, x < 0.5 else {
                            throw so.error("expected a half-width in (0, 0.5) (a fraction: 0.05 stops a cell at +-5 percentage points), got \(CanonicalJSON.number(x))")
                        }
                        halfWidth = (x, so)
                    default:
                        throw so.error("unknown key '\(k.clipped)'; allowed: \(Self.seedKeys.joined(separator: ", "))\(RawGrid.suggestion(k, among: Self.seedKeys))")
                    }
                }
            case "level":
                let x = try Self.number(value, origin: o)
                guard x > 0, x < 1 else { throw o.error("expected a probability in (0, 1), got \(CanonicalJSON.number(x))") }
                level = (x, o)
            case "refine":
                refine = try Self.refine(value, origin: o)
            default:
                throw o.error("unknown key '\(key.clipped)'; allowed: \(Self.keys.joined(separator: ", "))\(RawGrid.suggestion(key, among: Self.keys))")
            }
        }
    }

    private static func refine(_ node: GridNode, origin: Origin) throws(GridError) -> Refine {
        guard case .map(let entries, _) = node else {
            throw origin.error("expected a mapping like {axes: [targetStd, momentum], rounds: 3}, got \(node.kindName)")
        }
        var r = Refine(origin: origin, axes: [])
        var sawAxes = false
        for (k, v) in entries {
            let o = origin.child(".\(k)", v.position)
            if isNull(v) { continue }
            switch k {
            case "axes":
                guard case .list(let names, _) = v else { throw o.error("expected a list of axis names, like [targetStd, momentum], got \(v.kindName)") }
                for (i, n) in names.enumerated() {
                    let no = o.child("[\(i)]", n.position)
                    guard case .scalar(let text, _, _) = n else { throw no.error("expected an axis name, got \(n.kindName)") }
                    let key = try RawGrid.configKey(text, origin: no)
                    if r.axes.contains(where: { $0.key == key }) { throw no.error("'\(text.clipped)' is listed twice") }
                    r.axes.append((key, no))
                }
                sawAxes = true
            case "rounds":
                let n = try integer(v, origin: o)
                guard (0...AdaptiveSpec.Refine.maxRounds).contains(n) else {
                    throw o.error("expected 0 to \(AdaptiveSpec.Refine.maxRounds) rounds (each round can double an axis's resolution), got \(n)")
                }
                r.rounds = (n, o)
            case "rule":
                let allowed = AdaptiveSpec.Refine.Rule.allCases.map(\.rawValue)
                guard case .scalar(let text, _, _) = v, let rule = AdaptiveSpec.Refine.Rule(rawValue: text) else {
                    throw o.error("expected one of \(allowed.joined(separator: ", ")), got \(v.kindName)")
                }
                r.rule = (rule, o)
            default:
                throw o.error("unknown key '\(k.clipped)'; allowed: \(refineKeys.joined(separator: ", "))\(RawGrid.suggestion(k, among: refineKeys))")
            }
        }
        guard sawAxes, !r.axes.isEmpty else {
            throw origin.error("refine needs axes: the numeric axes to refine, like axes: [targetStd, momentum]")
        }
        return r
    }

    /// `null`, `~` or an empty value: the key is left at its default.
    private static func isNull(_ node: GridNode) -> Bool {
        if case .scalar(let t, false, _) = node, ScalarValue.resolve(plain: t) == .null { return true }
        return false
    }

    private static func number(_ node: GridNode, origin: Origin) throws(GridError) -> Double {
        guard case .scalar(let text, let quoted, _) = node else { throw origin.error("expected a number, got \(node.kindName)") }
        switch ScalarValue.resolve(text, quoted: quoted) {
        case .int(let i): return Double(i)
        case .double(let d, _) where d.isFinite: return d == 0 ? 0 : d
        default: throw origin.error("expected a finite number, got \(node.kindName)")
        }
    }

    private static func integer(_ node: GridNode, origin: Origin) throws(GridError) -> Int {
        guard case .scalar(let text, let quoted, _) = node else { throw origin.error("expected an integer, got \(node.kindName)") }
        switch ScalarValue.resolve(text, quoted: quoted) {
        case .int(let i): return i
        case .double(let d, _) where d.isFinite && d == d.rounded() && abs(d) <= 1e15: return Int(d)
        default: throw origin.error("expected an integer, got \(node.kindName)")
        }
    }

    // MARK: Against the grid

    /// Checks the block against the grid's axes and seeds and gives the resolved block and the
    /// most trials the sweep could take (every cell of the finest lattice at `maxSeeds`).
    /// An adaptive grid chooses each cell's seeds itself: seeds 0, 1, 2, ... in batches.
    func checkSeeds(_ seeds: RawGrid.Seeds?, fixedKeys: Set<ConfigKey>) throws(GridError) {
        if let seeds {
            throw seeds.origin.error("an adaptive grid takes its seeds from adaptive.seeds (min, max; seeds 0, 1, 2, ... of every cell); remove seeds (or the adaptive block)")
        }
        if fixedKeys.contains(.seed) {
            throw origin.error("an adaptive grid varies the config key 'seed' itself (seeds 0, 1, 2, ... of every cell); remove seed from base and axes")
        }
    }

    /// Seeds of every cell's first batch (what the grid's own trials are).
    var firstBatch: Int { minSeeds?.0 ?? AdaptiveSpec.defaultMinSeeds }

    func resolve(axes: [GridAxis], dimensions: [GridDimension], zipped: Set<ConfigKey>,
                 limits: GridLimits) throws(GridError) -> (spec: AdaptiveSpec, maxTrials: Int) {
        let minSeeds = minSeeds?.0 ?? AdaptiveSpec.defaultMinSeeds
        let maxSeeds = maxSeeds?.0 ?? AdaptiveSpec.defaultMaxSeeds
        if minSeeds > maxSeeds {
            let o = self.maxSeeds?.1 ?? self.minSeeds?.1 ?? origin
            let which = self.maxSeeds == nil ? "\(maxSeeds), the default" : "\(maxSeeds)"
            throw o.error("seeds.min (\(minSeeds)) is more than seeds.max (\(which)); min is every cell's first batch, max the most seeds a cell takes")
        }
        var resolvedRefine: AdaptiveSpec.Refine?
        if let refine {
            let axisNames = axes.map(\.key.rawValue).joined(separator: ", ")
            for (key, o) in refine.axes {
                guard let axis = axes.first(where: { $0.key == key }) else {
                    throw o.error("'\(key.rawValue)' is not an axis of this grid; refine axes are swept axes (\(axisNames.isEmpty ? "none" : axisNames))")
                }
                guard !zipped.contains(key) else {
                    throw o.error("'\(key.rawValue)' is zipped; a refined axis must vary on its own (remove it from zip, or from refine.axes)")
                }
                guard key.kind == .number else {
                    throw o.error("'\(key.rawValue)' takes \(key.kind.expectation); only real-valued axes (targetStd, momentum, lr, ...) can be refined, since a midpoint must be a value")
                }
                guard axis.values.count >= 2 else {
                    throw o.error("'\(key.rawValue)' has \(axis.values.count) value; refining needs at least two (the cells between which values are added)")
                }
            }
            let rule: AdaptiveSpec.Refine.Rule
            switch (refine.rule, level) {
            case (let r?, _) where r.0 == .difference: rule = .difference
            case (_, _?): rule = .level
            case (let r?, nil):
                throw r.1.error("rule level needs adaptive.level (the probability whose contour is refined)")
            case (nil, nil):
                throw refine.origin.error("refine needs adaptive.level (refine where neighbouring cells straddle it) or rule: difference (where they differ significantly)")
            }
            resolvedRefine = AdaptiveSpec.Refine(axes: refine.axes.map(\.key), rounds: refine.rounds?.0 ?? 3, rule: rule)
        }
        let spec = AdaptiveSpec(metric: metric?.0 ?? AdaptiveSpec.defaultMetric, minSeeds: minSeeds, maxSeeds: maxSeeds,
                                halfWidth: halfWidth?.0 ?? AdaptiveSpec.defaultHalfWidth, level: level?.0, refine: resolvedRefine)

        // The most trials: every dimension at its finest (a refined axis of m values can have
        // (m - 1) * 2^rounds + 1 after `rounds` rounds), every cell at maxSeeds.
        var factors: [String] = []
        var total = 1
        var overflow = false
        for d in dimensions {
            var size = d.size
            var name = d.keys.count == 1 ? d.keys[0].rawValue : "zip(" + d.keys.map(\.rawValue).joined(separator: ", ") + ")"
            if let r = resolvedRefine, d.keys.count == 1, r.axes.contains(d.keys[0]) {
                size = (d.size - 1) * (1 << r.rounds) + 1
                name += " after \(r.rounds) rounds"
            }
            factors.append("\(size) \(name)")
            let (p, o) = total.multipliedReportingOverflow(by: size)
            if o || p > limits.maxTrials { overflow = true }
            total = o ? Int.max : p
        }
        factors.append("\(maxSeeds) seeds")
        let (p, o) = total.multipliedReportingOverflow(by: maxSeeds)
        if overflow || o || p > limits.maxTrials {
            throw origin.error("the adaptive sweep could take more than \(limits.maxTrials) trials (\(factors.joined(separator: " x "))); the limit is \(limits.maxTrials): lower refine.rounds or seeds.max, or use fewer axis values")
        }
        return (spec, p)
    }
}
