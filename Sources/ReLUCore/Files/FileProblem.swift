import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a path cannot be read (or a directory made), in words a user can act on. Foundation's
/// own errors for the common cases say "The operation could not be completed.
/// (NSCocoaErrorDomain error 256.)" for a directory, or "The file doesn't exist." without the
/// path; callers name the path and its role and add what to do (`message(path:role:)`).
public enum FileProblem: Equatable, Sendable, CustomStringConvertible {
    /// Nothing at the path. `missingDirectory`: the nearest directory on the path that is
    /// missing too (the file's own directory or one above it), if any.
    case missing(missingDirectory: String?)
    case directory
    /// A device, pipe or socket: reading it could block forever or never end.
    case notRegularFile
    /// A component of the path is a file, not a directory (`a.csv/b`).
    case notADirectoryOnPath
    case permissionDenied(writing: Bool)
    /// Any other system reason (its `strerror` text).
    case other(String)

    public var description: String {
        switch self {
        case .missing(let dir?): "does not exist (nor does the directory \(dir))"
        case .missing(nil): "does not exist"
        case .directory: "is a directory, not a file"
        case .notRegularFile: "is not a regular file (a device, pipe or socket)"
        case .notADirectoryOnPath: "a component of the path is a file, not a directory"
        case .permissionDenied(let writing):
            "permission denied: this user (uid \(getuid())) may not \(writing ? "write" : "read") it, or may not enter a directory on its path"
        case .other(let reason): reason
        }
    }

    /// What to do about it, in general terms (callers with a better hint give their own).
    public var advice: String {
        switch self {
        case .missing: "check the path (a relative path starts at the current directory, \(FileManager.default.currentDirectoryPath))"
        case .directory: "give the path of a file inside it"
        case .notRegularFile: "give the path of a regular file"
        case .notADirectoryOnPath: "check the path"
        case .permissionDenied(let writing):
            writing ? "choose a path this user may write, or change the directory's permissions (ls -ld)"
                    : "change its permissions (ls -l) or run as a user who may read it"
        case .other: "check the path and the file system"
        }
    }

    /// `"<role> <path>: <what is wrong>; <what to do>"`, e.g. `grid file /tmp: is a directory, not
    /// a file; give the path of a file inside it`.
    public func message(path: String, role: String, advice: String? = nil) -> String {
        "\(role) \(path): \(description); \(advice ?? self.advice)"
    }

    /// Why `path` cannot be read as a regular file, or nil when stat and access see no problem.
    public static func readingFile(_ path: String) -> FileProblem? {
        var st = stat()
        guard stat(path, &st) == 0 else { return FileProblem(errno: errno, path: path, writing: false) }
        switch st.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: return .directory
        default: return .notRegularFile
        }
        guard access(path, R_OK) == 0 else { return FileProblem(errno: errno, path: path, writing: false) }
        return nil
    }

    /// After a read of `path` threw `error`: what `readingFile` finds now, else the system's
    /// reason carried inside the error (the file may have changed since).
    public static func reading(_ path: String, error: any Error) -> FileProblem {
        readingFile(path) ?? from(error, path: path, writing: false)
    }

    /// After writing `path` threw `error`: the system's reason carried inside the error (no
    /// space, read-only, permission), else what stands in the way of creating it.
    public static func writing(_ path: String, error: any Error) -> FileProblem {
        let problem = from(error, path: path, writing: true)
        if case .other = problem, let blocked = creatingFile(path) { return blocked }
        return problem
    }

    /// Why a file cannot be created (or replaced) at `path`, or nil when its directory exists
    /// and may be written: the directory missing, a file, or not writable; `path` a directory.
    public static func creatingFile(_ path: String) -> FileProblem? {
        var st = stat()
        if stat(path, &st) == 0, st.st_mode & S_IFMT == S_IFDIR { return .directory }
        var dir = (path as NSString).deletingLastPathComponent
        if dir.isEmpty { dir = "." }
        guard stat(dir, &st) == 0 else {
            let code = errno
            return code == ENOENT ? .missing(missingDirectory: missingDirectory(of: path) ?? dir) : FileProblem(errno: code, path: dir, writing: true)
        }
        guard st.st_mode & S_IFMT == S_IFDIR else { return .other("\(dir) is a file, not a directory") }
        guard access(dir, W_OK | X_OK) == 0 else { return FileProblem(errno: errno, path: dir, writing: true) }
        return nil
    }

    /// After creating the directory `path` (with its parents) threw `error`: the first
    /// component on the path that is a file, or the first existing directory that may not be
    /// written, else the system's reason carried inside the error.
    public static func creatingDirectory(_ path: String, error: any Error) -> FileProblem {
        var existing = (path as NSString).standardizingPath
        if !existing.hasPrefix("/") {
            existing = (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(existing)
        }
        while existing != "/" {
            var st = stat()
            if stat(existing, &st) == 0 { break }
            existing = (existing as NSString).deletingLastPathComponent
        }
        var st = stat()
        if stat(existing, &st) == 0 {
            if st.st_mode & S_IFMT != S_IFDIR {
                return .other("\(existing) is a file, not a directory")
            }
            if access(existing, W_OK | X_OK) != 0 { return FileProblem(errno: errno, path: existing, writing: true) }
        }
        return from(error, path: path, writing: true)
    }

    /// The problem an `errno` value stands for (`path` to look for a missing directory).
    public init(errno code: Int32, path: String, writing: Bool) {
        switch code {
        case ENOENT: self = .missing(missingDirectory: Self.missingDirectory(of: path))
        case EISDIR: self = .directory
        case ENOTDIR: self = .notADirectoryOnPath
        case EACCES, EPERM: self = .permissionDenied(writing: writing)
        case ENOSPC: self = .other("no space left on the device")
        case EROFS: self = .other("the file system is read-only")
        default: self = .other(String(cString: strerror(code)))
        }
    }

    /// The POSIX code inside a Foundation error (its underlying error, or itself), mapped; an
    /// error without one keeps its own description.
    static func from(_ error: any Error, path: String, writing: Bool) -> FileProblem {
        // The underlying error may be held as a Swift error (POSIXError) rather than an NSError.
        var next: (any Error)? = error
        while let current = next {
            if let posix = current as? POSIXError { return FileProblem(errno: posix.code.rawValue, path: path, writing: writing) }
            let ns = current as NSError
            if ns.domain == NSPOSIXErrorDomain { return FileProblem(errno: Int32(ns.code), path: path, writing: writing) }
            next = ns.userInfo[NSUnderlyingErrorKey] as? any Error
        }
        if let cocoa = error as? CocoaError {
            switch cocoa.code {
            case .fileReadNoSuchFile, .fileNoSuchFile: return .missing(missingDirectory: missingDirectory(of: path))
            case .fileReadNoPermission, .fileWriteNoPermission: return .permissionDenied(writing: writing)
            case .fileReadInapplicableStringEncoding: return .other("is not UTF-8 text")
            case .fileWriteOutOfSpace: return .other("no space left on the device")
            case .fileWriteVolumeReadOnly: return .other("the file system is read-only")
            default: break
            }
        }
        return .other("\(error)")
    }

    /// The highest missing directory on the path of a missing file, if its directory is missing.
    static func missingDirectory(of path: String) -> String? {
        var dir = (path as NSString).deletingLastPathComponent
        var highest: String?
        while !dir.isEmpty, dir != "/", !FileManager.default.fileExists(atPath: dir) {
            highest = dir
            dir = (dir as NSString).deletingLastPathComponent
        }
        return highest
    }
}
