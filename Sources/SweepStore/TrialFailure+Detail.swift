import SweepModel

extension TrialFailure {
    /// Splits an event detail written by `SweepStore.spendFailure` ("attempt 2 of 3: TEXT")
    /// into the attempt, the budget and the text; a detail of another form is all text.
    static func parse(detail: String) -> (attempt: Int?, maxAttempts: Int?, error: String) {
        guard detail.hasPrefix("attempt "), let colon = detail.range(of: ": ") else { return (nil, nil, detail) }
        let words = detail[detail.index(detail.startIndex, offsetBy: 8)..<colon.lowerBound].split(separator: " ")
        guard words.count == 3, words[1] == "of", let a = Int(words[0]), let m = Int(words[2]) else { return (nil, nil, detail) }
        return (a, m, String(detail[colon.upperBound...]))
    }
}
