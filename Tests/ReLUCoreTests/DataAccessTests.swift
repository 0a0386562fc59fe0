import Foundation
import Testing
import TestSupport
@testable import ReLUCore
#if canImport(Glibc)
import Glibc
#endif

/// `DataAccess`: which files a `csv:` data set may be read from. Real files, directories and
/// symbolic links in a temporary directory: a data directory with a good table, a directory
/// outside it with a "secret" table whose numbers must never come back in a refusal.
struct DataAccessTests {
    /// Numbers only the outside file holds: a refusal (or any error) must never contain them.
    static let secretNumbers = ["314159.265", "271828.182"]

    struct Layout {
        let root: String
        let data: String
        let outside: String
        var access: DataAccess { .confined(to: [data], howToAllow: "HINT") }

        init(_ name: String = #function) throws {
            root = temporaryDirectory(name)
            data = (root as NSString).appendingPathComponent("data")
            outside = (root as NSString).appendingPathComponent("outside")
            for d in [data, outside, data + "/sub"] { try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true) }
            try DataAccessTests.table(rows: 48).write(toFile: data + "/good.csv", atomically: true, encoding: .utf8)
            try DataAccessTests.table(rows: 48).write(toFile: data + "/sub/nested.csv", atomically: true, encoding: .utf8)
            let secret = "x,y\n" + (0..<8).map { i in "\(DataAccessTests.secretNumbers[i % 2]),\(i)" }.joined(separator: "\n") + "\n"
            try secret.write(toFile: outside + "/secret.csv", atomically: true, encoding: .utf8)
            try FileManager.default.createSymbolicLink(atPath: data + "/link.csv", withDestinationPath: outside + "/secret.csv")
            try FileManager.default.createSymbolicLink(atPath: data + "/linkdir", withDestinationPath: outside)
            // A link that stays inside is fine.
            try FileManager.default.createSymbolicLink(atPath: data + "/alias.csv", withDestinationPath: data + "/good.csv")
        }

        func remove() { try? FileManager.default.removeItem(atPath: root) }
    }

    /// A small 1-input regression table: y = max(0, x) on a grid of x.
    static func table(rows: Int) -> String {
        "x,y\n" + (0..<rows).map { i in
            let x = Double(i) / Double(rows) * 2 - 1
            return "\(x),\(max(0, x))"
        }.joined(separator: "\n") + "\n"
    }

    static func refusal(_ access: DataAccess, _ path: String) -> DatasetError? {
        do {
            _ = try access.read(path)
            return nil
        } catch {
            return error
        }
    }

    @Test("traversal, absolute paths outside, links out, NUL and newline are refused",
          arguments: ["../outside/secret.csv", "sub/../../outside/secret.csv", "../../../../../etc/passwd", "/etc/passwd",
                      "OUTSIDE/secret.csv", "link.csv", "linkdir/secret.csv", "good.csv\u{0}../../outside/secret.csv",
                      "good\n.csv", "/DATA/../outside/secret.csv"])
    func refused(path template: String) throws {
        let layout = try Layout()
        defer { layout.remove() }
        let path = template.replacingOccurrences(of: "OUTSIDE", with: layout.outside).replacingOccurrences(of: "/DATA", with: layout.data)
        let error = try #require(Self.refusal(layout.access, path), "\(path) was read")
        #expect(error.isRefusal, "\(error)")
        #expect(error.description.contains(String(reflecting: path)), "the refusal names the path: \(error)")
        if !path.contains("\0") && !path.contains("\n") {
            #expect(error.description.contains(layout.data) || error.description.contains("'..'"), "names the data directory: \(error)")
        }
        for secret in Self.secretNumbers { #expect(!error.description.contains(secret), "file contents in: \(error)") }
        #expect(!error.description.contains("root:"), "file contents in: \(error)")
        // Through the trainer it is a configuration failure, not retried elsewhere.
        var c = TrialConfig()
        c.dataset = .csv(path: path)
        c.model = .single
        c.steps = 10
        #expect(throws: TrainingError.self) { try Trainer().run(c, dataAccess: layout.access) }
        do { _ = try Trainer().run(c, dataAccess: layout.access) } catch {
            #expect(error.isConfigurationFailure)
        }
    }

    @Test func aWorkerWithoutDataDirectoriesRefusesEveryCsvAndSaysHowToAllowIt() throws {
        let layout = try Layout()
        defer { layout.remove() }
        let none = DataAccess.confined(to: [], howToAllow: "start it with --data-dir DIR")
        for path in ["good.csv", layout.data + "/good.csv"] {
            let error = try #require(Self.refusal(none, path))
            #expect(error.isRefusal)
            #expect(error.description.contains("start it with --data-dir DIR"), "\(error)")
            #expect(error.description.contains(path))
        }
    }

    @Test("files inside the data directory are read: relative, nested, absolute, a link that stays inside")
    func insideIsRead() throws {
        let layout = try Layout()
        defer { layout.remove() }
        let expected = Data(Self.table(rows: 48).utf8)
        for path in ["good.csv", "sub/nested.csv", "./good.csv", layout.data + "/good.csv", "alias.csv"] {
            #expect(try layout.access.read(path) == expected, "\(path)")
        }
        // A data directory given through a symbolic link: paths through either spelling work.
        let viaLink = (layout.root as NSString).appendingPathComponent("datalink")
        try FileManager.default.createSymbolicLink(atPath: viaLink, withDestinationPath: layout.data)
        let linked = DataAccess.confined(to: [viaLink], howToAllow: "HINT")
        #expect(try linked.read("good.csv") == expected)
        #expect(try linked.read(viaLink + "/good.csv") == expected)
        #expect(try linked.read(layout.data + "/good.csv") == expected)
        #expect(Self.refusal(linked, "link.csv")?.isRefusal == true)
    }

    @Test func relativePathsAreLookedUpInEachDirectoryInOrder() throws {
        let layout = try Layout()
        defer { layout.remove() }
        let second = (layout.root as NSString).appendingPathComponent("second")
        try FileManager.default.createDirectory(atPath: second, withIntermediateDirectories: true)
        try Self.table(rows: 10).write(toFile: second + "/only-here.csv", atomically: true, encoding: .utf8)
        try Self.table(rows: 12).write(toFile: second + "/good.csv", atomically: true, encoding: .utf8)
        let both = DataAccess.confined(to: [layout.data, second], howToAllow: "HINT")
        #expect(try both.read("only-here.csv") == Data(Self.table(rows: 10).utf8))
        #expect(try both.read("good.csv") == Data(Self.table(rows: 48).utf8), "the first directory wins")
    }

    @Test("a missing file inside is an ordinary error (another worker may have it), naming the path and the directory")
    func missingInsideIsNotARefusal() throws {
        let layout = try Layout()
        defer { layout.remove() }
        let error = try #require(Self.refusal(layout.access, "absent.csv"))
        #expect(!error.isRefusal)
        #expect(error.description.contains("absent.csv") && error.description.contains(layout.data), "\(error)")
    }

    @Test("a directory or a pipe named as the data set is an error, not a hang")
    func notRegularFiles() throws {
        let layout = try Layout()
        defer { layout.remove() }
        let fifo = layout.data + "/pipe.csv"
        #expect(mkfifo(fifo, 0o600) == 0)
        for access in [layout.access, DataAccess.anywhere(relativeTo: [layout.data])] {
            let pipe = try #require(Self.refusal(access, "pipe.csv"))
            #expect(pipe.description.contains("not a regular file"), "\(pipe)")
            let dir = try #require(Self.refusal(access, "sub"))
            #expect(dir.description.contains("is a directory"), "\(dir)")
        }
    }

    @Test("anywhere: relative paths from each directory in order, absolute paths as they are")
    func anywhere() throws {
        let layout = try Layout()
        defer { layout.remove() }
        let access = DataAccess.anywhere(relativeTo: [layout.outside, layout.data])
        #expect(try access.read("good.csv") == Data(Self.table(rows: 48).utf8))
        #expect(try access.read(layout.outside + "/secret.csv").count > 0)
        #expect(try access.read("link.csv").count > 0, "the user's own links are followed")
        let missing = try #require(Self.refusal(access, "absent.csv"))
        #expect(!missing.isRefusal)
        #expect(missing.description.contains(layout.outside + "/absent.csv") && missing.description.contains(layout.data + "/absent.csv"),
                "names every place it looked: \(missing)")
        #expect(Self.refusal(access, "a\u{0}b.csv")?.isRefusal == true)
    }

    @Test("a csv inside the data directory trains, with the same numbers as the same file read directly")
    func trainsInside() throws {
        let layout = try Layout()
        defer { layout.remove() }
        var c = TrialConfig()
        c.model = .single
        c.steps = 50
        c.nTrain = 32
        c.nTest = 16
        c.dataset = .csv(path: "good.csv")
        let confined = try Trainer().run(c, dataAccess: layout.access)
        c.dataset = .csv(path: layout.data + "/good.csv")
        let direct = try Trainer().run(c, dataAccess: .anywhere(relativeTo: []))
        #expect(confined.stepsRun == 50)
        #expect(confined.deterministicPart == direct.deterministicPart)
    }
}
