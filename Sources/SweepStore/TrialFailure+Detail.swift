import SweepModel

extension TrialFailure {
    /// Splits an event detail written by `SweepStore.spendFailure` ("attempt 2 of 3: TEXT", or
    /// "attempt 1 of 3, configuration: TEXT" for a failure not worth retrying) into the
    /// attempt, the budget, the kind and the text; a detail of another form is all text.
    static func parse(detail: String) -> (attempt: Int?, maxAttempts: Int?, kind: TrialErrorKind?, error: String) {
        guard detail.hasPrefix("attempt "), let colon = detail.range(of: ": ") else { return (nil, nil, nil, detail) }
        var head = detail[detail.index(detail.startIndex, offsetBy: 8)..<colon.lowerBound]
        var kind: TrialErrorKind?
        if let comma = head.range(of: ", ") {
            let word = head[comma.upperBound...]
            guard !word.isEmpty, word.allSatisfy({ $0.isLetter || $0 == "-" }) else { return (nil, nil, nil, detail) }
            kind = TrialErrorKind(rawValue: String(word))
            head = head[..<comma.lowerBound]
        }
        let words = head.split(separator: " ")
        guard words.count == 3, words[1] == "of", let a = Int(words[0]), let m = Int(words[2]) else { return (nil, nil, nil, detail) }
        return (a, m, kind, String(detail[colon.upperBound...]))
    }
}
