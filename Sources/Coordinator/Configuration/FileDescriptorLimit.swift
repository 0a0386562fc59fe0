#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's limit on open files (`ulimit -n`, RLIMIT_NOFILE), raised when a coordinator
/// needs more than the soft limit allows, so `--max-connections` clients can never exhaust it.
enum FileDescriptorLimit {
    /// The soft and hard limits now.
    static func current() -> (soft: Int, hard: Int) {
        var r = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &r) == 0 else { return (-1, -1) }
        return (Self.clamp(r.rlim_cur), Self.clamp(r.rlim_max))
    }

    /// Makes at least `needed` descriptors available: raises the soft limit up to the hard one
    /// if necessary. Throws when even the hard limit is lower, saying what to change.
    static func ensure(_ needed: Int, maxConnections: Int) throws(CoordinatorError) {
        let (soft, hard) = current()
        guard soft >= 0, soft < needed else { return }
        if hard >= needed {
            var r = rlimit()
            _ = getrlimit(Int32(RLIMIT_NOFILE.rawValue), &r)
            r.rlim_cur = rlim_t(needed)
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &r) == 0 { return }
        }
        throw .invalidConfiguration(
            "--max-connections \(maxConnections) needs about \(needed) open files, but this process may open only \(max(soft, hard)) "
                + "(ulimit -n); raise the limit (ulimit -n \(needed), or LimitNOFILE=\(needed) in a systemd unit) or lower --max-connections")
    }

    private static func clamp(_ v: rlim_t) -> Int {
        v >= rlim_t(Int.max) ? Int.max : Int(v)
    }
}
