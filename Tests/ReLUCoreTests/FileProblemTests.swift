import Foundation
import Testing
import TestSupport
@testable import ReLUCore
#if canImport(Glibc)
import Glibc
#endif

/// `FileProblem`: what a user is told instead of Foundation's "The operation could not be
/// completed. (NSCocoaErrorDomain error 256.)". Real files, directories and pipes.
struct FileProblemTests {
    @Test func aDirectoryIsSaidToBeADirectory() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(FileProblem.readingFile(dir) == .directory)
        // The error Foundation throws for it maps to the same, through its underlying POSIX error.
        do {
            _ = try Data(contentsOf: URL(fileURLWithPath: dir))
            Issue.record("reading a directory did not throw")
        } catch {
            #expect(FileProblem.from(error, path: dir, writing: false) == .directory)
        }
        let message = FileProblem.directory.message(path: dir, role: "grid file")
        #expect(message == "grid file \(dir): is a directory, not a file; give the path of a file inside it")
    }

    @Test func missingFilesNameTheMissingDirectory() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(FileProblem.readingFile(dir + "/absent.yaml") == .missing(missingDirectory: nil))
        #expect(FileProblem.readingFile(dir + "/no/such/absent.yaml") == .missing(missingDirectory: dir + "/no"))
        #expect(FileProblem.missing(missingDirectory: dir + "/no").description.contains(dir + "/no"))
    }

    @Test func pipesAndPathsThroughFilesAreNamed() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(mkfifo(dir + "/pipe", 0o600) == 0)
        #expect(FileProblem.readingFile(dir + "/pipe") == .notRegularFile)
        try "x".write(toFile: dir + "/file", atomically: true, encoding: .utf8)
        #expect(FileProblem.readingFile(dir + "/file/inner.csv") == .notADirectoryOnPath)
        #expect(FileProblem.readingFile(dir + "/file") == nil)
    }

    @Test("errno values map to problems a user can act on", arguments: [
        (EACCES, FileProblem.permissionDenied(writing: false)), (EISDIR, .directory), (ENOTDIR, .notADirectoryOnPath),
        (ENOSPC, .other("no space left on the device")), (EROFS, .other("the file system is read-only")),
    ] as [(Int32, FileProblem)])
    func errnoMapping(code: Int32, expected: FileProblem) {
        #expect(FileProblem(errno: code, path: "/x", writing: false) == expected)
    }

    @Test func permissionDeniedSaysWhoAndWhatToDo() {
        let p = FileProblem.permissionDenied(writing: false)
        #expect(p.description.contains("permission denied") && p.description.contains("uid \(getuid())"))
        #expect(p.advice.contains("permissions"))
    }

    /// As root every file is readable, so this runs only as another user.
    @Test(.enabled(if: getuid() != 0, "root may read any file"))
    func anUnreadableFileIsPermissionDenied() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/closed.yaml"
        try "name: x".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(chmod(path, 0) == 0)
        #expect(FileProblem.readingFile(path) == .permissionDenied(writing: false))
    }

    @Test func creatingUnderAFileOrAMissingDirectoryIsExplained() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "x".write(toFile: dir + "/file", atomically: true, encoding: .utf8)
        do {
            try FileManager.default.createDirectory(atPath: dir + "/file/sub/deeper", withIntermediateDirectories: true)
            Issue.record("creating a directory under a file did not throw")
        } catch {
            let p = FileProblem.creatingDirectory(dir + "/file/sub/deeper", error: error)
            #expect(p == .other("\(dir)/file is a file, not a directory"))
        }
        #expect(FileProblem.creatingFile(dir + "/missing/out.jsonl") == .missing(missingDirectory: dir + "/missing"))
        #expect(FileProblem.creatingFile(dir + "/file/out.jsonl") == .other("\(dir)/file is a file, not a directory"))
        #expect(FileProblem.creatingFile(dir) == .directory)
        #expect(FileProblem.creatingFile(dir + "/new.jsonl") == nil)
    }
}
