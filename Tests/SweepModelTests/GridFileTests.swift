import Foundation
import Testing
import TestSupport
@testable import SweepModel

/// `GridSpec.load(path:)` on paths that are not a readable grid file: the error names the path,
/// says what is wrong in words (never "NSCocoaErrorDomain error 256") and what to do.
struct GridFileTests {
    static func loadError(_ path: String) -> String? {
        do {
            _ = try GridSpec.load(path: path)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func aDirectoryIsNamedAsOneWithTheGridFilesInIt() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let empty = try #require(Self.loadError(dir))
        #expect(empty == "\(dir): cannot read the grid file: is a directory, not a file; give the path of a grid file (YAML or JSON, docs/grids.md); it has none")
        try "name: a\n".write(toFile: dir + "/a.yaml", atomically: true, encoding: .utf8)
        try "{}".write(toFile: dir + "/b.json", atomically: true, encoding: .utf8)
        try "x".write(toFile: dir + "/notes.txt", atomically: true, encoding: .utf8)
        let listed = try #require(Self.loadError(dir))
        #expect(listed.hasSuffix("give the path of a grid file, e.g. \(dir)/a.yaml, \(dir)/b.json"), "\(listed)")
        #expect(!listed.contains("NSCocoaErrorDomain"))
    }

    @Test func aMissingFileAndAMissingDirectoryAreSaid() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let missing = try #require(Self.loadError(dir + "/gone.yaml"))
        #expect(missing.hasPrefix("\(dir)/gone.yaml: cannot read the grid file: does not exist; check the path"), "\(missing)")
        let deeper = try #require(Self.loadError(dir + "/no/gone.yaml"))
        #expect(deeper.contains("does not exist (nor does the directory \(dir)/no)"), "\(deeper)")
    }

    @Test func aPipeIsNotReadFrom() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(mkfifo(dir + "/grid.yaml", 0o600) == 0)
        let error = try #require(Self.loadError(dir + "/grid.yaml"))
        #expect(error.contains("is not a regular file"), "\(error)")
    }
}
