/// The exact McNemar test for two cells that ran the same seeds (seed i of each, so their
/// outcomes are paired): among the seeds where they disagree, which cell said yes is a fair
/// coin under "same probability". Two-sided p-value: 2 * P(Binomial(b + c, 1/2) <= min(b, c)),
/// at most 1.
enum McNemarTest {
    static func pValue(onlyFirst b: Int, onlySecond c: Int) -> Double {
        let n = b + c
        guard n > 0 else { return 1 }
        return min(1, 2 * BinomialTail.split(min(b, c), n: n, p: 0.5).atMost)
    }

    /// The p-value over the seeds both cells have an outcome for.
    static func pValue(_ a: [TrialOutcome?], _ b: [TrialOutcome?]) -> Double {
        var onlyA = 0, onlyB = 0
        for i in 0..<min(a.count, b.count) {
            switch (a[i], b[i]) {
            case (.yes?, .no?): onlyA += 1
            case (.no?, .yes?): onlyB += 1
            default: break
            }
        }
        return pValue(onlyFirst: onlyA, onlySecond: onlyB)
    }
}
