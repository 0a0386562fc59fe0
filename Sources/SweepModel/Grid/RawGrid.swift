import ReLUCore

/// A grid as read from its document, before values are produced: generators are still
/// formulas, so the trial count can be checked against the limits before anything is
/// allocated. Overrides apply at this level. `resolve` turns it into a `GridSpec`.
struct RawGrid {
    /// Where a piece of the grid came from, for error messages (a file key path or an override).
    struct Origin {
        var file: String
        var path: String
        var line: Int?
        var column: Int?

        init(file: String, path: String, _ position: GridNode.Position = .unknown) {
            self.file = file
            self.path = path
            line = position.line
            column = position.column
        }

        func error(_ message: String) -> GridError {
            GridError(file: file, keyPath: path, line: line, column: column, message)
        }

        func child(_ suffix: String, _ position: GridNode.Position? = nil) -> Origin {
            var o = self
            o.path += suffix
            if let position, position.line != nil { o.line = position.line; o.column = position.column }
            return o
        }
    }

    /// One element of an axis or seeds list.
    enum Item {
        case scalar(ScalarValue, Origin)
        case generator(ValueGenerator, text: String, Origin)

        var count: Int {
            switch self {
            case .scalar: 1
            case .generator(let g, _, _): g.count
            }
        }
    }

    struct Axis {
        var key: ConfigKey
        var items: [Item]
        var origin: Origin
    }

    enum Seeds {
        case count(Int, Origin)
        case items([Item], Origin)

        var origin: Origin {
            switch self {
            case .count(_, let o), .items(_, let o): o
            }
        }
    }

    var file: String
    var name: (String, Origin)?
    var description: String?
    var base: [(key: ConfigKey, value: ScalarValue, origin: Origin)] = []
    var axes: [Axis] = []
    var zip: [(keys: [(ConfigKey, Origin)], origin: Origin)] = []
    var seeds: Seeds?
    var adaptive: RawAdaptive?

    static let topLevelKeys = ["name", "description", "base", "axes", "zip", "seeds", "adaptive"]

    // MARK: Reading a document

    init(file: String) { self.file = file }

    init(document root: GridNode, file: String) throws(GridError) {
        self.file = file
        let top = Origin(file: file, path: "", root.position)
        guard case .map(let pairs, _) = root else {
            throw top.error("expected a mapping with keys \(Self.topLevelKeys.joined(separator: ", ")), got \(root.kindName)")
        }
        for (key, node) in pairs {
            let origin = Origin(file: file, path: key, node.position)
            switch key {
            case "name":
                guard case .scalar(let text, let quoted, _) = node else { throw origin.error("expected the sweep name, got \(node.kindName)") }
                // `name: null` (or `~`, or nothing) is no name, not a sweep called "null".
                if !quoted, ScalarValue.resolve(plain: text) == .null { throw origin.error("expected the sweep name, got null") }
                name = (text, origin)
            case "description":
                guard case .scalar(let text, let quoted, _) = node else { throw origin.error("expected a text, got \(node.kindName)") }
                if !quoted, ScalarValue.resolve(plain: text) == .null { continue }
                guard text.utf8.count <= 10_000 else { throw origin.error("at most 10000 bytes") }
                description = text
            case "base":
                if case .scalar(let t, false, _) = node, ScalarValue.resolve(plain: t) == .null { continue }
                guard case .map(let entries, _) = node else {
                    throw origin.error("expected a mapping of config keys to single values, got \(node.kindName)")
                }
                for (k, v) in entries {
                    let o = origin.child(".\(k)", v.position)
                    let configKey = try Self.configKey(k, origin: o)
                    guard case .scalar(let text, let quoted, _) = v else {
                        throw o.error("expected a single value, got \(v.kindName); to sweep it, move it under axes")
                    }
                    if ValueGenerator.parse(text) != nil {
                        throw o.error("\(text.clipped) gives several values; to sweep it, move it under axes")
                    }
                    base.append((configKey, ScalarValue.resolve(text, quoted: quoted), o))
                }
            case "axes":
                if case .scalar(let t, false, _) = node, ScalarValue.resolve(plain: t) == .null { continue }
                guard case .map(let entries, _) = node else {
                    throw origin.error("expected a mapping of config keys to lists of values, got \(node.kindName)")
                }
                for (k, v) in entries {
                    let o = origin.child(".\(k)", v.position)
                    let configKey = try Self.configKey(k, origin: o)
                    let items = try Self.items(v, origin: o, what: "a list of values (or logspace(a, b, n) / range(a, b, step))")
                    guard !items.isEmpty else { throw o.error("empty axis: give at least one value, or remove the key") }
                    axes.append(Axis(key: configKey, items: items, origin: o))
                }
            case "zip":
                guard case .list(let groups, _) = node else {
                    throw origin.error("expected a list of groups of axis names, like [[lr, momentum]], got \(node.kindName)")
                }
                for (gi, g) in groups.enumerated() {
                    let go = origin.child("[\(gi)]", g.position)
                    guard case .list(let names, _) = g else {
                        throw go.error("expected a list of axis names, like [lr, momentum], got \(g.kindName)")
                    }
                    var keys: [(ConfigKey, Origin)] = []
                    for (ni, n) in names.enumerated() {
                        let no = go.child("[\(ni)]", n.position)
                        guard case .scalar(let text, _, _) = n else { throw no.error("expected an axis name, got \(n.kindName)") }
                        keys.append((try Self.configKey(text, origin: no), no))
                    }
                    zip.append((keys, go))
                }
            case "seeds":
                if case .scalar(let text, let quoted, _) = node, !quoted, case .int(let n) = ScalarValue.resolve(plain: text) {
                    seeds = .count(n, origin)
                } else {
                    seeds = .items(try Self.items(node, origin: origin, what: "a number of replicates (seeds: 10) or a list of seeds"), origin)
                }
            case "adaptive":
                if case .scalar(let t, false, _) = node, ScalarValue.resolve(plain: t) == .null { continue }
                adaptive = try RawAdaptive(node, origin: origin)
            case "refine", "level", "halfWidth", "metric":
                throw origin.error("'\(key)' belongs inside the adaptive block (adaptive.\(key)); see docs/grids.md")
            default:
                throw origin.error("unknown key '\(key.clipped)'; allowed: \(Self.topLevelKeys.joined(separator: ", "))\(Self.suggestion(key, among: Self.topLevelKeys))")
            }
        }
    }

    static func configKey(_ text: String, origin: Origin) throws(GridError) -> ConfigKey {
        if let k = ConfigKey(rawValue: text) { return k }
        var o = origin
        if let dot = o.path.lastIndex(of: "."), o.path[o.path.index(after: dot)...] == text { o.path = String(o.path[..<dot]) }
        let hint = text.contains(")") || NumberSyntax.classify(text) != nil
            ? " (a logspace(...) or range(...) inside { } must be quoted, or written in block style)" : ""
        throw o.error("unknown config key '\(text.clipped)'\(suggestion(text, among: TrialConfig.keys))\(hint); allowed: \(TrialConfig.keys.joined(separator: ", "))")
    }

    /// " (did you mean targetStd?)" for a key that differs only in case, `_` or `-`.
    static func suggestion(_ text: String, among keys: [String]) -> String {
        func norm(_ s: String) -> String { s.lowercased().filter { $0 != "_" && $0 != "-" } }
        guard let k = keys.first(where: { norm($0) == norm(text) }) else { return "" }
        return " (did you mean \(k)?)"
    }

    /// A list of scalars and generators, or a single generator.
    static func items(_ node: GridNode, origin: Origin, what: String) throws(GridError) -> [Item] {
        switch node {
        case .scalar(let text, let quoted, _):
            if let g = ValueGenerator.parse(text) {
                return [try generatorItem(g, text: text, origin: origin)]
            }
            let hint = quoted ? "" : "; write [\(text.clipped)] for a single value"
            throw origin.error("expected \(what), got \(node.kindName)\(hint)")
        case .list(let raw, _):
            let elements = rejoinGenerators(raw)
            var out: [Item] = []
            for (i, e) in elements.enumerated() {
                let o = origin.child("[\(i)]", e.position)
                guard case .scalar(let text, let quoted, _) = e else {
                    throw o.error("expected a value, got \(e.kindName) (lists do not nest)")
                }
                if let g = ValueGenerator.parse(text) {
                    out.append(try generatorItem(g, text: text, origin: o))
                } else {
                    out.append(.scalar(ScalarValue.resolve(text, quoted: quoted), o))
                }
            }
            return out
        case .map:
            throw origin.error("expected \(what), got a mapping")
        }
    }

    /// In a YAML flow list, `[logspace(-4, 1, 6)]` arrives split at its commas into
    /// `logspace(-4`, `1`, `6)`; put such pieces back together (nothing else can start with
    /// `logspace(` and lack its `)`).
    static func rejoinGenerators(_ elements: [GridNode]) -> [GridNode] {
        var out: [GridNode] = []
        var i = 0
        while i < elements.count {
            if case .scalar(let text, false, let pos) = elements[i],
               text.hasPrefix("logspace(") || text.hasPrefix("range("), !text.contains(")") {
                var joined = text
                var j = i + 1
                var closed = false
                while j < elements.count, case .scalar(let piece, false, _) = elements[j] {
                    joined += ", " + piece
                    j += 1
                    if piece.contains(")") { closed = true; break }
                }
                if closed {
                    out.append(.scalar(joined, quoted: false, pos))
                    i = j
                    continue
                }
            }
            out.append(elements[i])
            i += 1
        }
        return out
    }

    static func generatorItem(_ g: Result<ValueGenerator, GridProblem>, text: String, origin: Origin) throws(GridError) -> Item {
        switch g {
        case .success(let gen): return .generator(gen, text: text, origin)
        case .failure(let p): throw origin.error(p.message)
        }
    }

    // MARK: Overrides

    mutating func apply(_ o: GridOverride) throws(GridError) {
        let origin = Origin(file: o.description.clipped, path: o.key)
        let items: [Item] = try o.elements.enumerated().map { (i, e) throws(GridError) -> Item in
            let io = o.elements.count > 1 ? origin.child("[\(i)]") : origin
            if let g = ValueGenerator.parse(e.text) { return try Self.generatorItem(g, text: e.text, origin: io) }
            return .scalar(ScalarValue.resolve(e.text, quoted: e.quoted), io)
        }
        let single: ScalarValue? = if items.count == 1, case .scalar(let v, _) = items[0] { v } else { nil }
        switch o.key {
        case "name", "description":
            guard o.elements.count == 1 else { throw origin.error("expected one value") }
            let text = o.elements[0].text
            if o.key == "name" { name = (text, origin) } else { description = text }
        case "seeds":
            if let single, case .int(let n) = single { seeds = .count(n, origin) } else { seeds = .items(items, origin) }
        default:
            let key = try Self.configKey(o.key, origin: origin)
            if let i = axes.firstIndex(where: { $0.key == key }) {
                axes[i].items = items
                axes[i].origin = origin
            } else if let single {
                base.removeAll { $0.key == key }
                base.append((key, single, origin))
            } else {
                // Several values for a key that was fixed (or unset): it becomes an axis.
                base.removeAll { $0.key == key }
                axes.append(Axis(key: key, items: items, origin: origin))
            }
        }
    }

    // MARK: Resolution

    /// Checks structure and size (before producing any value), then produces the typed grid.
    func resolve(limits: GridLimits) throws(GridError) -> GridSpec {
        let top = Origin(file: file, path: "")
        guard let (nameText, nameOrigin) = name else {
            throw top.error("missing key 'name' (the sweep name: \(SweepName.rule))")
        }
        if let p = SweepName.problem(nameText) { throw nameOrigin.error(p) }

        // Keys set twice.
        var baseKeys = Set<ConfigKey>()
        for b in base where !baseKeys.insert(b.key).inserted {
            throw b.origin.error("'\(b.key.rawValue)' is set twice")
        }
        var axisKeys = Set<ConfigKey>()
        for a in axes {
            guard axisKeys.insert(a.key).inserted else { throw a.origin.error("'\(a.key.rawValue)' is an axis twice") }
            if baseKeys.contains(a.key) {
                throw a.origin.error("'\(a.key.rawValue)' is both in base and in axes; keep one (axes to sweep it, base to fix it)")
            }
            guard !a.items.isEmpty else { throw a.origin.error("empty axis: give at least one value, or remove the key") }
        }
        try adaptive?.checkSeeds(seeds, fixedKeys: baseKeys.union(axisKeys))
        if let seeds, baseKeys.contains(.seed) || axisKeys.contains(.seed) {
            let where_ = baseKeys.contains(.seed) ? "base" : "axes"
            throw seeds.origin.error("both 'seeds' and \(where_).seed are given; 'seeds' writes each replicate's seed, so drop one")
        }

        // Sizes, from the formulas alone.
        var axisCounts: [ConfigKey: Int] = [:]
        for a in axes {
            var n = 0
            for item in a.items {
                let (s, o) = n.addingReportingOverflow(item.count)
                guard !o, s <= limits.maxTrials else {
                    throw a.origin.error("this axis alone has more than \(limits.maxTrials) values (the limit of trials per grid)")
                }
                n = s
            }
            guard n > 0 else { throw a.origin.error("empty axis: its values (\(a.items.count) formula(s)) produce nothing") }
            axisCounts[a.key] = n
        }
        var seedCount = 1
        switch seeds {
        case .count(let n, let o)?:
            guard n >= 1 else { throw o.error("expected a number of replicates >= 1, got \(n)") }
            guard n <= limits.maxTrials else { throw o.error("\(n) replicates is more than the limit of \(limits.maxTrials) trials per grid") }
            seedCount = n
        case .items(let items, let o)?:
            var n = 0
            for item in items {
                let (s, ov) = n.addingReportingOverflow(item.count)
                guard !ov, s <= limits.maxTrials else { throw o.error("more than \(limits.maxTrials) seeds") }
                n = s
            }
            guard n >= 1 else { throw o.error("empty list of seeds: give at least one, or a number of replicates") }
            seedCount = n
        case nil:
            // An adaptive grid's own trials are every cell's first batch (seeds 0..<min).
            if let adaptive { seedCount = adaptive.firstBatch }
        }

        // Zip groups: axes that exist, each in one group, all of one length.
        var zipOf: [ConfigKey: Int] = [:]
        for (gi, group) in zip.enumerated() {
            guard group.keys.count >= 2 else { throw group.origin.error("a zip group needs at least two axes, got \(group.keys.count)") }
            var length: Int? = nil
            for (key, o) in group.keys {
                guard let n = axisCounts[key] else {
                    throw o.error("'\(key.rawValue)' is not an axis; zip groups name keys listed under axes")
                }
                guard zipOf[key] == nil else { throw o.error("'\(key.rawValue)' is in two zip groups") }
                zipOf[key] = gi
                if let length, length != n {
                    let names = group.keys.map { "\($0.0.rawValue) (\(axisCounts[$0.0] ?? 0))" }.joined(separator: ", ")
                    throw group.origin.error("zipped axes must have equal lengths; got \(names)")
                }
                length = n
            }
        }

        // The product, refused before allocation when over the limit.
        var factors: [(String, Int)] = []
        var seenGroups = Set<Int>()
        for a in axes {
            if let g = zipOf[a.key] {
                guard seenGroups.insert(g).inserted else { continue }
                factors.append(("zip(\(zip[g].keys.map(\.0.rawValue).joined(separator: ", ")))", axisCounts[a.key] ?? 1))
            } else {
                factors.append((a.key.rawValue, axisCounts[a.key] ?? 1))
            }
        }
        if seeds != nil || adaptive != nil { factors.append(("seeds", seedCount)) }
        var total = 1
        var overflow = false
        for (_, n) in factors {
            let (p, o) = total.multipliedReportingOverflow(by: n)
            if o || p > limits.maxTrials { overflow = true; break }
            total = p
        }
        if overflow {
            let product = factors.map { "\($0.1) \($0.0)" }.joined(separator: " x ")
            throw top.error("the grid has more than \(limits.maxTrials) trials (\(product)); the limit is \(limits.maxTrials)")
        }

        // Values, typed.
        var typedBase: [ConfigKey: ConfigValue] = [:]
        for b in base {
            switch ConfigValue.coerce(b.value, for: b.key) {
            case .success(let v): typedBase[b.key] = v
            case .failure(let p): throw b.origin.error(p.message)
            }
        }
        var typedAxes: [GridAxis] = []
        for a in axes {
            var values: [ConfigValue] = []
            values.reserveCapacity(axisCounts[a.key] ?? 0)
            var seen: [ConfigValue: String] = [:]
            // A zipped axis may repeat a value (sgd and momentum both at lr 0.05): only its
            // tuples must differ, checked below.
            let zipped = zipOf[a.key] != nil
            for item in a.items {
                switch item {
                case .scalar(let s, let o):
                    let v = try Self.typed(s, key: a.key, origin: o)
                    if !zipped, let first = seen[v] { throw o.error("the value \(v.text) appears twice in this axis (also at \(first))") }
                    seen[v] = o.path
                    values.append(v)
                case .generator(let g, let text, let o):
                    for (i, s) in g.values().enumerated() {
                        let v = try Self.typed(s, key: a.key, origin: o, note: " (value \(i) of \(text.clipped))")
                        if !zipped, let first = seen[v] {
                            throw o.error("the value \(v.text) (from \(text.clipped)) appears twice in this axis (also at \(first))")
                        }
                        seen[v] = o.path
                        values.append(v)
                    }
                }
            }
            typedAxes.append(GridAxis(key: a.key, values: values))
        }
        // Zipped tuples must differ, or two trials would be the same.
        for group in zip {
            let columns = group.keys.compactMap { k in typedAxes.first { $0.key == k.0 }?.values }
            var tuples = Set<[ConfigValue]>()
            for i in 0..<(columns.first?.count ?? 0) where !tuples.insert(columns.map { $0[i] }).inserted {
                throw group.origin.error("position \(i) repeats an earlier combination of \(group.keys.map(\.0.rawValue).joined(separator: ", "))")
            }
        }
        let typedSeeds: SeedSpec
        switch seeds {
        case .count(let n, _)?: typedSeeds = .count(n)
        case .items(let items, let o)?:
            var list: [Int] = []
            for item in items {
                let scalars: [(ScalarValue, Origin)] = switch item {
                case .scalar(let s, let io): [(s, io)]
                case .generator(let g, _, let io): g.values().map { ($0, io) }
                }
                for (s, io) in scalars {
                    guard case .int(let v) = try Self.typed(s, key: .seed, origin: io), v >= 0 else {
                        throw io.error("a seed is an integer >= 0, got \(s.literal)")
                    }
                    list.append(v)
                }
            }
            guard Set(list).count == list.count else { throw o.error("the list of seeds repeats a seed") }
            typedSeeds = list == Array(0..<list.count) ? .count(list.count) : .list(list)
        case nil: typedSeeds = adaptive.map { .count($0.firstBatch) } ?? .none
        }
        let zipKeys = zip.map { g in
            // In axes order, the order the dimension enumerates them.
            typedAxes.map(\.key).filter { k in g.keys.contains { $0.0 == k } }
        }
        var origins: [ConfigKey: (file: String, path: String)] = [:]
        for b in base { origins[b.key] = (b.origin.file, b.origin.path) }
        for a in axes { origins[a.key] = (a.origin.file, a.origin.path) }
        let plain = GridSpec(name: nameText, description: description, base: typedBase, axes: typedAxes, zip: zipKeys,
                             seeds: typedSeeds, source: file, trialCount: total, keyOrigins: origins)
        guard let adaptive else { return plain }
        let resolved = try adaptive.resolve(axes: typedAxes, dimensions: plain.dimensions, zipped: Set(zipOf.keys), limits: limits)
        return GridSpec(name: nameText, description: description, base: typedBase, axes: typedAxes, zip: zipKeys,
                        seeds: typedSeeds, adaptive: resolved.spec, source: file, trialCount: total, keyOrigins: origins)
    }

    private static func typed(_ s: ScalarValue, key: ConfigKey, origin: Origin, note: String = "") throws(GridError) -> ConfigValue {
        switch ConfigValue.coerce(s, for: key) {
        case .success(let v): return v
        case .failure(let p): throw origin.error(p.message + note)
        }
    }
}
