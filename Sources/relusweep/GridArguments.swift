import ArgumentParser
import SweepModel

/// A grid file and its `-s key=v1,v2` overrides, read and validated locally (so errors name the
/// user's file), as `run` and `submit` take them.
struct GridArguments: ParsableArguments {
    @Argument(help: "A grid file (YAML or JSON; docs/grids.md).")
    var file: String

    @Option(name: [.customShort("s"), .customLong("set")], help: ArgumentHelp(
        "Override: key=v1,v2 (an axis's values), key=v (a base key), seeds=N.", valueName: "key=value"))
    var overrides: [String] = []

    /// The grid with overrides, every trial validated.
    func load() throws -> GridSpec {
        try Self.load(file: file, overrides: overrides)
    }

    static func load(file: String, overrides: [String]) throws -> GridSpec {
        do {
            let parsed = try overrides.map { text throws(GridError) in try GridOverride(parsing: text) }
            let spec = try GridSpec.load(path: file, overrides: parsed)
            try spec.validateAll()
            return spec
        } catch {
            throw CLIError(error.description)
        }
    }
}
