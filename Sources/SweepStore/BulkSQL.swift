/// SQL text for statements over many rows at once: the batch paths (lease, record) run a few
/// set-wise statements per batch instead of several statements per trial.
enum BulkSQL {
    /// "?,?,...,?" with `n` placeholders.
    static func placeholders(_ n: Int) -> String {
        n <= 0 ? "" : "?" + String(repeating: ",?", count: n - 1)
    }

    /// "(?,...),(?,...)": `rows` groups of `columns` placeholders, for a multi-row INSERT.
    static func rows(_ rows: Int, columns: Int) -> String {
        let one = "(" + placeholders(columns) + ")"
        return rows <= 0 ? "" : one + String(repeating: "," + one, count: rows - 1)
    }
}
