import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A small tmpfs mounted for one test, to run out of disk space on purpose (issue 16, point
/// 3). Needs root (CAP_SYS_ADMIN); tests check `available()` first, which prints why they are
/// skipped otherwise. Every mount is unmounted (lazily, so open files do not block it) when
/// `with` returns or throws.
enum Tmpfs {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Nil when a tmpfs can be mounted here, else why not (computed once, by trying).
    static let unavailableReason: String? = {
        guard getuid() == 0 else { return "not root (uid \(getuid())): mounting a tmpfs needs root" }
        do {
            try with(kibibytes: 256) { _ in }
            return nil
        } catch {
            return "\(error)"
        }
    }()

    /// For `.enabled(if:)`: true, or prints why the test is skipped and returns false.
    static func available() -> Bool {
        if let reason = unavailableReason {
            print("SKIPPED disk-full test: \(reason)")
            return false
        }
        return true
    }

    /// Mounts a tmpfs of `kibibytes` on a fresh directory, runs `body` with its path, unmounts.
    static func with<T>(kibibytes: Int, _ body: (String) async throws -> T) async throws -> T {
        let dir = try mountPoint()
        try mount(dir, kibibytes: kibibytes)
        defer { unmount(dir) }
        return try await body(dir)
    }

    static func with<T>(kibibytes: Int, _ body: (String) throws -> T) throws -> T {
        let dir = try mountPoint()
        try mount(dir, kibibytes: kibibytes)
        defer { unmount(dir) }
        return try body(dir)
    }

    private static func mountPoint() throws -> String {
        let dir = (NSTemporaryDirectory() as NSString).appendingPathComponent("relusweep-tmpfs-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    private static func mount(_ dir: String, kibibytes: Int) throws {
        guard Glibc.mount("tmpfs", dir, "tmpfs", 0, "size=\(kibibytes)k,mode=0755") == 0 else {
            let why = String(cString: strerror(errno))
            rmdir(dir)
            throw Failure(description: "cannot mount a tmpfs on \(dir): \(why)")
        }
    }

    private static func unmount(_ dir: String) {
        if umount2(dir, Int32(MNT_DETACH)) != 0 {
            print("warning: could not unmount the tmpfs on \(dir): \(String(cString: strerror(errno)))")
        }
        rmdir(dir)
    }

    /// Fills the file system holding `dir` with `<dir>/filler` until a write fails with
    /// ENOSPC; returns the bytes written. `free(dir)` removes it.
    @discardableResult
    static func fill(_ dir: String) throws -> Int {
        let path = (dir as NSString).appendingPathComponent("filler")
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure(description: "cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var total = 0
        for chunk in [64 << 10, 4 << 10, 512, 1] {
            let bytes = [UInt8](repeating: 0x2E, count: chunk)
            while true {
                let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                if n > 0 { total += n; continue }
                if n < 0 && errno == EINTR { continue }
                if n < 0 && errno != ENOSPC { throw Failure(description: "filling \(path): \(String(cString: strerror(errno)))") }
                break
            }
        }
        return total
    }

    static func free(_ dir: String) {
        unlink((dir as NSString).appendingPathComponent("filler"))
    }

    /// Bytes free on the file system holding `dir`.
    static func freeBytes(_ dir: String) -> Int {
        var st = statvfs()
        guard statvfs(dir, &st) == 0 else { return -1 }
        return Int(st.f_bavail) * Int(st.f_frsize)
    }
}
