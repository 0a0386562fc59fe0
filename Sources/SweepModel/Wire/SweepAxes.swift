import ReLUCore

/// `GET /v1/sweeps/{id}/axes`: the keys a phase diagram of the sweep can be drawn over (its
/// grid's axes, in file order, with their values) and the default choice (`relusweep run`'s).
public struct SweepAxes: Codable, Hashable, Sendable {
    public struct Axis: Codable, Hashable, Sendable {
        public var key: String
        /// The grid's values for the key: numbers, strings, booleans or null.
        public var values: [ConfigValue]
        /// The keys of its zip group (that vary together with it), when it is in one.
        public var zip: [String]?
    }

    public var sweepId: String
    public var axes: [Axis]
    /// The default x, y and facets; absent when fewer than two axes vary.
    public var x: String?
    public var y: String?
    public var facets: [String]
    /// The metrics the phase route colours cells by.
    public var metrics: [String]

    public init(sweepId: String, axes: [Axis], x: String?, y: String?, facets: [String], metrics: [String]) {
        self.sweepId = sweepId
        self.axes = axes
        self.x = x
        self.y = y
        self.facets = facets
        self.metrics = metrics
    }

    /// From a sweep's stored grid.
    public init(sweepId: String, grid: GridSpec, metrics: [String]) {
        let defaults = grid.defaultPhaseAxes
        self.init(sweepId: sweepId,
                  axes: grid.axes.map { a in
                      Axis(key: a.key.rawValue, values: a.values,
                           zip: grid.zip.first { $0.contains(a.key) }.map { $0.map(\.rawValue) })
                  },
                  x: defaults?.x, y: defaults?.y, facets: defaults?.facets ?? [], metrics: metrics)
    }
}
