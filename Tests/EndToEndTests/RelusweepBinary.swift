import Foundation

/// Where the built `relusweep` executable is: `$RELUSWEEP_BINARY`, else next to the test
/// bundle (`.build/debug/`), else `.build/debug/relusweep` under the current directory. The
/// end-to-end tests run it as real processes; if it is missing they fail with this message.
enum RelusweepBinary {
    struct Missing: Error, CustomStringConvertible {
        var tried: [String]
        var description: String {
            "the relusweep executable was not found (tried \(tried.joined(separator: ", "))); build it first: "
                + "swift build --build-tests (or set RELUSWEEP_BINARY=/path/to/relusweep)"
        }
    }

    static func path() throws -> String {
        var candidates: [String] = []
        if let p = ProcessInfo.processInfo.environment["RELUSWEEP_BINARY"], !p.isEmpty { candidates.append(p) }
        // The test runner: .build/<triple>/debug/ReLUSweepPackageTests.xctest (a file on Linux,
        // a bundle directory on macOS).
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append(((exe as NSString).deletingLastPathComponent as NSString).appendingPathComponent("relusweep"))
        }
        let bundleDir = Bundle.main.bundleURL.deletingLastPathComponent()
        candidates.append(bundleDir.appendingPathComponent("relusweep").path)
        for arg in CommandLine.arguments.prefix(1) {
            candidates.append(((arg as NSString).deletingLastPathComponent as NSString).appendingPathComponent("relusweep"))
        }
        candidates.append(FileManager.default.currentDirectoryPath + "/.build/debug/relusweep")
        for c in candidates where FileManager.default.isExecutableFile(atPath: c) {
            return c
        }
        throw Missing(tried: candidates)
    }
}
