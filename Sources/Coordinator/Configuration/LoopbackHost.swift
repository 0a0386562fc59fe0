/// Which bind addresses only this machine can reach.
public enum LoopbackHost {
    /// `localhost`, `127.0.0.0/8`, `::1` (with or without brackets). Anything else (`0.0.0.0`,
    /// `::`, a LAN address or a host name) counts as reachable from the network.
    public static func isLoopback(_ host: String) -> Bool {
        var h = host.lowercased()
        if h.hasPrefix("["), h.hasSuffix("]") { h = String(h.dropFirst().dropLast()) }
        if h == "localhost" || h == "::1" || h == "0:0:0:0:0:0:0:1" { return true }
        let parts = h.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "127" else { return false }
        return parts.allSatisfy { p in UInt8(p) != nil }
    }

    /// `host` as it goes into a URL (IPv6 literals in brackets).
    public static func urlHost(_ host: String) -> String {
        host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
    }
}
