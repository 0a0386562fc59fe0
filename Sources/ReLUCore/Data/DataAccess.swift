import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which files a `csv:PATH` data set may be read from, and where a relative PATH is looked up.
///
/// A trial's config comes from whoever can submit a grid to a coordinator; a worker that read
/// any path it was given would let the coordinator, its token or a submitted grid read files
/// on every worker machine (any file of numbers goes into the trial's data and so into what
/// is trained and reported). So a worker serving a coordinator reads only inside its data
/// directories (`confined(to:howToAllow:)`), while a run of the user's own grid on the user's
/// own machine reads what the user could read anyway (`anywhere(relativeTo:)`).
///
/// Confined: PATH must not contain `..` nor control characters; a relative PATH is looked up in
/// each directory in order, an absolute one must lie inside one; and the file found must still
/// lie inside one once symbolic links are resolved (a link out is refused). The file is opened
/// without following a final link, must be a regular file, and (on Linux) the opened file's
/// real path is checked again, so a path swapped for a link after the check is refused too.
/// A refusal is `DatasetError` with `isRefusal`: the same on every worker with the same
/// directories, so not worth retrying elsewhere. Refusals name the path as given and the
/// directories, never what a file contains, and do not say whether a path outside exists.
public struct DataAccess: Sendable, Hashable {
    /// Directories a relative PATH is looked up in, in order (the first that has it wins).
    public let directories: [String]
    /// PATH must name a file inside `directories`; otherwise any file this process may read.
    public let confined: Bool
    /// Said when a confined access refuses a path: how to allow it, in the caller's terms
    /// (its flags and environment variables).
    public let howToAllow: String

    /// Any readable file; a relative PATH is looked up in `directories` in order (the current
    /// directory, the grid file's directory).
    public static func anywhere(relativeTo directories: [String]) -> DataAccess {
        DataAccess(directories: directories, confined: false, howToAllow: "")
    }

    /// Only files inside `directories` (none: every csv data set is refused).
    public static func confined(to directories: [String], howToAllow: String) -> DataAccess {
        DataAccess(directories: directories, confined: true, howToAllow: howToAllow)
    }

    /// Relative to the current directory, any readable file: what `relusweep train` does.
    public static var workingDirectory: DataAccess { anywhere(relativeTo: [FileManager.default.currentDirectoryPath]) }

    /// The path of the file to open for `path`. Throws a refusal (`isRefusal`) for a path the
    /// policy forbids, and a plain error for a path it allows but that is not there.
    public func resolve(_ path: String) throws(DatasetError) -> String {
        if let bad = path.unicodeScalars.first(where: { $0.properties.generalCategory == .control }) {
            throw refusal(path, "contains a control character (U+\(String(bad.value, radix: 16, uppercase: true).leftPaddedHex))")
        }
        guard confined else { return try lookUp(path) }
        if path.split(separator: "/").contains("..") {
            throw refusal(path, "contains '..'; name a file inside \(directoriesText)")
        }
        let roots = directories.map(Root.init)
        guard !roots.isEmpty else {
            throw refusal(path, "this worker reads no csv data sets; \(howToAllow)")
        }
        let candidates: [String]
        if path.hasPrefix("/") {
            let normalized = (path as NSString).standardizingPath
            guard roots.contains(where: { $0.containsLexically(normalized) }) else {
                throw refusal(path, "is outside \(directoriesText); \(howToAllow)")
            }
            candidates = [normalized]
        } else {
            candidates = roots.map { ($0.given as NSString).appendingPathComponent(path) }
        }
        for candidate in candidates {
            guard let real = Self.realPath(candidate) else { continue }
            guard roots.contains(where: { $0.contains(real: real) }) else {
                throw refusal(path, "leads outside \(directoriesText) through a symbolic link; \(howToAllow)")
            }
            return real
        }
        throw DatasetError("csv data set '\(path)' is not in \(directoriesText); put it there on this machine or fix the path")
    }

    /// The bytes of the csv file `path` names (resolved, checked, opened without blocking on
    /// a pipe or device and without following a final link).
    public func read(_ path: String) throws(DatasetError) -> Data {
        let file = try resolve(path)
        let fd = open(file, O_RDONLY | O_CLOEXEC | O_NONBLOCK | (confined ? O_NOFOLLOW : 0))
        guard fd >= 0 else {
            let code = errno
            if confined && code == ELOOP {
                throw refusal(path, "is a symbolic link that changed after it was checked; \(howToAllow)")
            }
            throw DatasetError(Self.fileProblem(FileProblem(errno: code, path: file, writing: false), path: path, file: file))
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            throw DatasetError(Self.fileProblem(FileProblem(errno: errno, path: file, writing: false), path: path, file: file))
        }
        switch st.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw DatasetError(Self.fileProblem(.directory, path: path, file: file))
        default: throw DatasetError(Self.fileProblem(.notRegularFile, path: path, file: file))
        }
        if confined, let opened = Self.openedPath(fd), !directories.map(Root.init).contains(where: { $0.contains(real: opened) }) {
            throw refusal(path, "was replaced by a link outside \(directoriesText) after it was checked; \(howToAllow)")
        }
        do {
            return try handle.readToEnd() ?? Data()
        } catch {
            throw DatasetError(Self.fileProblem(FileProblem.from(error, path: file, writing: false), path: path, file: file))
        }
    }

    // MARK: Helpers

    /// A data directory as given and as it really is (symbolic links resolved).
    struct Root {
        let given: String
        let real: String?

        init(_ directory: String) {
            given = (directory as NSString).standardizingPath
            real = DataAccess.realPath(directory)
        }

        func containsLexically(_ path: String) -> Bool {
            Self.inside(path, given) || real.map { Self.inside(path, $0) } == true
        }

        func contains(real path: String) -> Bool { real.map { Self.inside(path, $0) } == true }

        static func inside(_ path: String, _ dir: String) -> Bool {
            path.hasPrefix(dir == "/" ? "/" : dir + "/")
        }
    }

    var directoriesText: String {
        switch directories.count {
        case 0: "the data directories (none given)"
        case 1: "the data directory \(directories[0])"
        default: "the data directories " + directories.joined(separator: ", ")
        }
    }

    func refusal(_ path: String, _ why: String) -> DatasetError {
        DatasetError("csv data set \(String(reflecting: path)) refused: \(why)", refusal: true)
    }

    /// Anywhere: the first directory that has a relative `path` (else the first candidate, so
    /// the error names a real place), or an absolute `path` as it is.
    func lookUp(_ path: String) throws(DatasetError) -> String {
        guard !path.hasPrefix("/") else { return path }
        let candidates = directories.isEmpty ? [path] : directories.map { ($0 as NSString).appendingPathComponent(path) }
        if let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) { return found }
        guard candidates.count > 1 else { return candidates[0] }
        throw DatasetError("csv data set '\(path)' does not exist: looked for " + candidates.joined(separator: ", "))
    }

    static func fileProblem(_ problem: FileProblem, path: String, file: String) -> String {
        "cannot read csv data set '\(path)'\(file == path ? "" : " (\(file))"): \(problem.description)"
    }

    /// `realpath(3)`: nil when the path (or a directory on it) does not exist.
    static func realPath(_ path: String) -> String? {
        guard let r = realpath(path, nil) else { return nil }
        defer { free(r) }
        return String(cString: r)
    }

    /// The path the kernel has for an open file (Linux: /proc/self/fd), nil where unknown.
    static func openedPath(_ fd: Int32) -> String? {
        #if os(Linux)
        return try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(fd)")
        #else
        return nil
        #endif
    }
}

private extension String {
    /// Four hex digits at least, as Unicode code points are written.
    var leftPaddedHex: String { count >= 4 ? self : String(repeating: "0", count: 4 - count) + self }
}
