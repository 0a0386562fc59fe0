import Foundation
import ReLUCore

/// The shared secret of a coordinator and its clients. Its description is redacted, so a token
/// printed by accident (a configuration dumped into a log) does not leak; compare with
/// `matches`, which takes the same time wherever the first difference is.
public struct BearerToken: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The token text, for the `Authorization` header of a client. Never log it.
    public let secret: String

    public static let maxBytes = 4096

    /// Checks the token's form: 1-4096 printable ASCII characters without spaces (it travels in
    /// an HTTP header).
    public init(_ secret: String) throws(CoordinatorError) {
        let u = secret.utf8
        guard !u.isEmpty else { throw .token("the token is empty; put a random secret in the token file (e.g. openssl rand -hex 32)") }
        guard u.count <= Self.maxBytes else { throw .token("the token has \(u.count) bytes; at most \(Self.maxBytes) are allowed") }
        guard u.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw .token("the token must be printable ASCII without spaces (it is sent in an HTTP header)")
        }
        self.secret = secret
    }

    /// Reads a token file: its content with surrounding whitespace (a trailing newline) removed.
    public static func load(file path: String) throws(CoordinatorError) -> BearerToken {
        let data: Data
        if let problem = FileProblem.readingFile(path) { throw .token(problem.message(path: path, role: "--token-file")) }
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .token(FileProblem.reading(path, error: error).message(path: path, role: "--token-file"))
        }
        guard data.count <= maxBytes + 64, let text = String(data: data, encoding: .utf8) else {
            throw .token("--token-file \(path): expected one line of text (the token), at most \(maxBytes) bytes")
        }
        do {
            return try BearerToken(text.trimmingCharacters(in: .whitespacesAndNewlines))
        } catch {
            throw .token("--token-file \(path): \(error.description)")
        }
    }

    /// The token from `--token-file` if given, else from the environment variable
    /// `RELUSWEEP_TOKEN` if set, else nil.
    public static func resolve(file: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(CoordinatorError) -> BearerToken? {
        if let file { return try load(file: file) }
        guard let value = environment["RELUSWEEP_TOKEN"] else { return nil }
        do {
            return try BearerToken(value.trimmingCharacters(in: .whitespacesAndNewlines))
        } catch {
            throw .token("RELUSWEEP_TOKEN: \(error.description)")
        }
    }

    /// Whether `candidate` is this token, in time that depends only on the lengths.
    public func matches(_ candidate: some StringProtocol) -> Bool {
        ConstantTime.equal(Array(secret.utf8), Array(candidate.utf8))
    }

    public var description: String { "<redacted token>" }
    public var debugDescription: String { description }
}

enum ConstantTime {
    /// Byte equality that reads every byte of `expected` whatever `given` is.
    static func equal(_ expected: [UInt8], _ given: [UInt8]) -> Bool {
        var diff = UInt64(truncatingIfNeeded: expected.count ^ given.count)
        guard !given.isEmpty else { return false }
        for i in 0..<expected.count {
            diff |= UInt64(expected[i] ^ given[i % given.count])
        }
        return diff == 0
    }
}
