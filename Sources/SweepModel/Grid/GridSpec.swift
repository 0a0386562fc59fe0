import Foundation
import ReLUCore

/// A sweep grid: a name, fixed `base` keys, `axes` whose values form a cartesian product
/// (`zip` groups vary together), and `seeds` replicates per cell. Parsed from YAML or JSON
/// (docs/grids.md), validated with errors naming file, key path and expectation, and bounded
/// before allocation. Values are typed and materialized (`logspace`/`range` expanded).
///
/// A `GridSpec` is also the body of `POST /v1/sweeps`: `jsonText()` writes it back in the grid
/// file format (JSON), which `parse` reads again to the same trials.
public struct GridSpec: Sendable, Hashable {
    public let name: String
    public let description: String?
    /// Fixed keys (the rest take `TrialConfig`'s defaults).
    public let base: [ConfigKey: ConfigValue]
    /// Swept keys in file order; the first varies slowest.
    public let axes: [GridAxis]
    /// Groups of axis keys that vary together (in axes order).
    public let zip: [[ConfigKey]]
    /// Replicates per cell. For an adaptive grid, `.count(adaptive.minSeeds)`: the grid's own
    /// trials are every cell's first batch; AdaptiveSweep's planner adds the rest.
    public let seeds: SeedSpec
    /// The `adaptive` block: sequential seeds per cell and refinement (nil for a plain grid).
    public let adaptive: AdaptiveSpec?
    /// Where the grid came from (file name, or what the caller passed), used in messages.
    public let source: String
    /// The number of trials, known before expansion.
    public let trialCount: Int
    /// Where each base/axis key was set, for errors found while expanding.
    let keyOrigins: [ConfigKey: (file: String, path: String)]

    init(name: String, description: String?, base: [ConfigKey: ConfigValue], axes: [GridAxis], zip: [[ConfigKey]],
         seeds: SeedSpec, adaptive: AdaptiveSpec? = nil, source: String, trialCount: Int,
         keyOrigins: [ConfigKey: (file: String, path: String)]) {
        self.name = name
        self.description = description
        self.base = base
        self.axes = axes
        self.zip = zip
        self.seeds = seeds
        self.adaptive = adaptive
        self.source = source
        self.trialCount = trialCount
        self.keyOrigins = keyOrigins
    }

    public static func == (a: GridSpec, b: GridSpec) -> Bool {
        a.name == b.name && a.description == b.description && a.base == b.base && a.axes == b.axes
            && a.zip == b.zip && a.seeds == b.seeds && a.adaptive == b.adaptive
    }

    public func hash(into h: inout Hasher) {
        h.combine(name)
        h.combine(base)
        h.combine(axes)
        h.combine(seeds)
    }

    /// The sweep id: the grid's name.
    public var sweepId: String { name }

    // MARK: Parsing

    public enum Format: String, Sendable, CaseIterable {
        case yaml, json
        /// JSON if the first non-blank character is `{`, YAML otherwise (JSON is also YAML,
        /// but the JSON reader is strict and keeps positions).
        case auto
    }

    /// Reads a grid file (`.json` as JSON, anything else by content), applies `-s` overrides.
    public static func load(path: String, overrides: [GridOverride] = [], limits: GridLimits = .default) throws(GridError) -> GridSpec {
        let url = URL(fileURLWithPath: path)
        if let problem = FileProblem.readingFile(path) {
            throw GridError(file: path, keyPath: "", unreadable(problem, path: path))
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue
        if let size, size > limits.maxBytes {
            throw GridError(file: path, keyPath: "", "the file has \(size) bytes; grid files are limited to \(limits.maxBytes)")
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            // It changed since the check (removed, replaced): say what it is now.
            throw GridError(file: path, keyPath: "", unreadable(FileProblem.reading(path, error: error), path: path))
        }
        let format: Format = url.pathExtension.lowercased() == "json" ? .json : .auto
        return try parse(data, file: path, format: format, overrides: overrides, limits: limits)
    }

    /// "cannot read the grid file: <why>; <what to do>" (a directory lists the grid files in it).
    static func unreadable(_ problem: FileProblem, path: String) -> String {
        var advice = problem.advice
        switch problem {
        case .directory:
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
                .filter { ["yaml", "yml", "json"].contains(($0 as NSString).pathExtension.lowercased()) }.sorted()
            advice = names.isEmpty
                ? "give the path of a grid file (YAML or JSON, docs/grids.md); it has none"
                : "give the path of a grid file, e.g. " + names.prefix(5).map { (path as NSString).appendingPathComponent($0) }
                    .joined(separator: ", ") + (names.count > 5 ? " (\(names.count) in all)" : "")
        case .missing:
            advice = "check the path (relative paths start at the current directory, \(FileManager.default.currentDirectoryPath))"
        default: break
        }
        return "cannot read the grid file: \(problem.description); \(advice)"
    }

    /// Parses a grid document. `file` names it in errors (`"request body"` for HTTP).
    public static func parse(_ data: Data, file: String, format: Format = .auto, overrides: [GridOverride] = [],
                             limits: GridLimits = .default) throws(GridError) -> GridSpec {
        guard data.count <= limits.maxBytes else {
            throw GridError(file: file, keyPath: "", "the document has \(data.count) bytes; grid documents are limited to \(limits.maxBytes)")
        }
        let bytes = [UInt8](data)
        var fmt = format
        if fmt == .auto {
            let first = bytes.first { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF) }
            fmt = first == UInt8(ascii: "{") ? .json : .yaml
        }
        let root: GridNode
        switch fmt {
        case .json:
            root = try JSONDocumentReader.read(bytes, file: file, limits: limits)
        default:
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw GridError(file: file, keyPath: "", "not UTF-8 text")
            }
            guard !text.contains("\0") else { throw GridError(file: file, keyPath: "", "the document contains a NUL byte") }
            root = try YAMLDocumentReader.read(text, file: file, limits: limits)
        }
        var raw = try RawGrid(document: root, file: file)
        for o in overrides { try raw.apply(o) }
        return try raw.resolve(limits: limits)
    }

    /// Parses a grid given as text.
    public static func parse(_ text: String, file: String, format: Format = .auto, overrides: [GridOverride] = [],
                             limits: GridLimits = .default) throws(GridError) -> GridSpec {
        try parse(Data(text.utf8), file: file, format: format, overrides: overrides, limits: limits)
    }

    /// This grid with `-s` overrides applied (validated again).
    public func applying(_ overrides: [GridOverride], limits: GridLimits = .default) throws(GridError) -> GridSpec {
        var raw = RawGrid(file: source)
        let o = RawGrid.Origin(file: source, path: "")
        raw.name = (name, o.child("name"))
        raw.description = description
        for (k, v) in base.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            raw.base.append((k, v.scalar, o.child("base.\(k.rawValue)")))
        }
        for a in axes {
            let ao = o.child("axes.\(a.key.rawValue)")
            raw.axes.append(.init(key: a.key, items: a.values.enumerated().map { .scalar($1.scalar, ao.child("[\($0)]")) }, origin: ao))
        }
        raw.zip = zip.enumerated().map { (i, g) in
            let go = o.child("zip[\(i)]")
            return (g.map { ($0, go) }, go)
        }
        if let adaptive {
            // The seeds are the adaptive block's, not a `seeds` key.
            raw.adaptive = RawAdaptive(adaptive, origin: o.child("adaptive"))
        } else {
            switch seeds {
            case .none: break
            case .count(let n): raw.seeds = .count(n, o.child("seeds"))
            case .list(let l): raw.seeds = .items(l.map { .scalar(.int($0), o.child("seeds")) }, o.child("seeds"))
            }
        }
        for ov in overrides { try raw.apply(ov) }
        return try raw.resolve(limits: limits)
    }

    // MARK: Shape

    /// The factors of the product, in order (the first varies slowest; seeds, if any, are not
    /// included: they are the outermost loop).
    public var dimensions: [GridDimension] {
        var out: [GridDimension] = []
        var done = Set<ConfigKey>()
        for a in axes where !done.contains(a.key) {
            if let group = zip.first(where: { $0.contains(a.key) }) {
                group.forEach { done.insert($0) }
                out.append(GridDimension(keys: group, size: a.values.count))
            } else {
                done.insert(a.key)
                out.append(GridDimension(keys: [a.key], size: a.values.count))
            }
        }
        return out
    }

    /// Keys that differ between trials: the axes, then `seed` when `seeds` is given.
    public var varyingKeys: [ConfigKey] {
        axes.map(\.key) + (seeds == .none ? [] : [.seed])
    }

    /// Trials per replicate (the product of the dimensions).
    public var cellCount: Int { dimensions.reduce(1) { $0 * $1.size } }
}
