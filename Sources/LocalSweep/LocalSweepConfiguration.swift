import Foundation
import ReLUCore
import SweepModel

/// What a `LocalSweep` runs and where it writes.
public struct LocalSweepConfiguration: Sendable {
    public var spec: GridSpec
    /// results.jsonl, the phase tables and the worker's outbox go here.
    public var outDir: String
    /// The sweep's database (`<outDir>/sweep.sqlite` by default).
    public var databasePath: String
    /// Training slots of the local worker (nil: one per core).
    public var slots: Int?
    /// Lease length of the embedded coordinator: trials of a killed run are retried after it.
    public var leaseSeconds: Double
    /// Axes of the phase tables written at the end; nil writes none.
    public var axes: GridPhaseAxes?
    /// Where the local worker reads `csv:` data sets. The user's own grid on the user's own
    /// machine (the embedded coordinator takes nothing from anyone else: a random token), so
    /// any file the user may read, as `relusweep train` does; a relative path is looked up in
    /// the current directory, then in the grid file's directory.
    public var dataAccess: DataAccess

    public init(spec: GridSpec, outDir: String, databasePath: String? = nil, slots: Int? = nil,
                leaseSeconds: Double = 10, axes: GridPhaseAxes? = nil, dataAccess: DataAccess? = nil) {
        self.spec = spec
        self.outDir = outDir
        self.databasePath = databasePath ?? (outDir as NSString).appendingPathComponent("sweep.sqlite")
        self.slots = slots
        self.leaseSeconds = leaseSeconds
        self.axes = axes
        self.dataAccess = dataAccess ?? Self.dataAccess(gridFile: spec.source)
    }

    /// Any readable file; relative paths from the current directory, then from the directory
    /// of `gridFile` (when it is a file).
    public static func dataAccess(gridFile: String) -> DataAccess {
        let cwd = FileManager.default.currentDirectoryPath
        var directories = [cwd]
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: gridFile, isDirectory: &isDirectory), !isDirectory.boolValue {
            let dir = (gridFile as NSString).deletingLastPathComponent
            let absolute = ((dir.hasPrefix("/") ? dir : (cwd as NSString).appendingPathComponent(dir)) as NSString).standardizingPath
            if absolute != (cwd as NSString).standardizingPath { directories.append(absolute) }
        }
        return .anywhere(relativeTo: directories)
    }

    var resolvedSlots: Int { slots ?? ProcessInfo.processInfo.activeProcessorCount }
}
