extension GridSpec {
    /// The grid in the grid-file format, as JSON: name, description, base (sorted), axes (in
    /// order, values materialized), zip, seeds (or the adaptive block). This is the body `POST /v1/sweeps` takes, and
    /// `GridSpec.parse` reads it back to an equal spec with the same trials.
    public func jsonText() -> String {
        var parts: [String] = ["\"name\":" + CanonicalJSON.string(name)]
        if let description { parts.append("\"description\":" + CanonicalJSON.string(description)) }
        if !base.isEmpty {
            let entries = base.sorted { $0.key.rawValue.utf16.lexicographicallyPrecedes($1.key.rawValue.utf16) }
                .map { "\"\($0.key.rawValue)\":\($0.value.json)" }
            parts.append("\"base\":{" + entries.joined(separator: ",") + "}")
        }
        if !axes.isEmpty {
            let entries = axes.map { "\"\($0.key.rawValue)\":[" + $0.values.map(\.json).joined(separator: ",") + "]" }
            parts.append("\"axes\":{" + entries.joined(separator: ",") + "}")
        }
        if !zip.isEmpty {
            parts.append("\"zip\":[" + zip.map { "[" + $0.map { "\"\($0.rawValue)\"" }.joined(separator: ",") + "]" }.joined(separator: ",") + "]")
        }
        if let adaptive {
            // An adaptive grid's seeds are its adaptive block's.
            parts.append("\"adaptive\":" + adaptive.jsonText)
            return "{" + parts.joined(separator: ",") + "}"
        }
        switch seeds {
        case .none: break
        case .count(let n): parts.append("\"seeds\":\(n)")
        case .list(let l): parts.append("\"seeds\":[" + l.map(String.init).joined(separator: ",") + "]")
        }
        return "{" + parts.joined(separator: ",") + "}"
    }
}
