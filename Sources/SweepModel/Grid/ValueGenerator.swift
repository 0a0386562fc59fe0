import Foundation

/// `logspace(a, b, n)` and `range(a, b, step)` inside axis lists: values written as a formula.
/// Their length is known from the arguments alone, so absurd grids are refused before a single
/// value is produced.
enum ValueGenerator: Hashable, Sendable {
    /// n values 10^a ... 10^b, endpoints included (numpy.logspace). Integral exponents give
    /// exactly the decimal powers (1e-3, not pow's nearest neighbour), so `logspace(-3, 0, 4)`
    /// and `[0.001, 0.01, 0.1, 1]` give the same trials.
    case logspace(start: Double, stop: Double, count: Int)
    /// Python's range: start, start + step, ... up to but excluding stop. Computed in exact
    /// decimal arithmetic (`range(0, 1, 0.1)` gives 0.3, not 0.30000000000000004); integers
    /// when every argument is an integer.
    case range(start: Int, step: Int, count: Int, scale: Int, integral: Bool)

    static let names = "logspace(a, b, n) or range(a, b, step)"

    /// The generator a scalar spells, nil if it is not a call of `logspace` or `range`, or the
    /// reason it is a malformed one.
    static func parse(_ text: String) -> Result<ValueGenerator, GridProblem>? {
        let t = text.trimmingCharacters(in: .whitespaces)
        let name: String
        if t.hasPrefix("logspace(") { name = "logspace" } else if t.hasPrefix("range(") { name = "range" } else { return nil }
        guard t.hasSuffix(")") else {
            return .failure(GridProblem("\(name)(...) is missing its closing ')'; inside { } YAML splits it at the commas: quote it, or write it in block style"))
        }
        let inner = t.dropFirst(name.count + 1).dropLast()
        let args = inner.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        for a in args where NumberSyntax.classify(a) == nil {
            return .failure(GridProblem("\(name)(...): '\(a.clipped)' is not a number"))
        }
        return name == "logspace" ? logspace(args) : range(args)
    }

    private static func logspace(_ args: [String]) -> Result<ValueGenerator, GridProblem> {
        guard args.count == 3 else {
            return .failure(GridProblem("logspace takes 3 arguments (start exponent, stop exponent, count), got \(args.count)"))
        }
        guard let a = Double(args[0]), let b = Double(args[1]), a.isFinite, b.isFinite, abs(a) <= 308, abs(b) <= 308 else {
            return .failure(GridProblem("logspace(a, b, n): exponents must be numbers in [-308, 308]"))
        }
        guard NumberSyntax.classify(args[2]) == .integer, let n = Int(args[2]), n >= 1 else {
            return .failure(GridProblem("logspace(a, b, n): n must be an integer >= 1, got \(args[2].clipped)"))
        }
        return .success(.logspace(start: a, stop: b, count: n))
    }

    private static func range(_ args: [String]) -> Result<ValueGenerator, GridProblem> {
        guard (1...3).contains(args.count) else {
            return .failure(GridProblem("range takes 1 to 3 arguments (stop | start, stop | start, stop, step), got \(args.count)"))
        }
        var decimals: [ExactDecimal] = []
        for a in args {
            guard let d = ExactDecimal(a) else {
                return .failure(GridProblem("range(...): '\(a.clipped)' has too many digits for exact arithmetic (at most 18)"))
            }
            decimals.append(d)
        }
        let integral = args.allSatisfy { NumberSyntax.classify($0) == .integer }
        let parts: [ExactDecimal] = switch decimals.count {
        case 1: [ExactDecimal(mantissa: 0, exponent: 0), decimals[0], ExactDecimal(mantissa: 1, exponent: 0)]
        case 2: [decimals[0], decimals[1], ExactDecimal(mantissa: 1, exponent: 0)]
        default: decimals
        }
        let scale = parts.map { max(0, -$0.exponent) }.max() ?? 0
        guard scale <= 18 else { return .failure(GridProblem("range(...): at most 18 decimal places")) }
        var scaled: [Int] = []
        for p in parts {
            guard let v = p.scaled(to: scale) else { return .failure(GridProblem("range(...): argument too large")) }
            scaled.append(v)
        }
        let (start, stop, step) = (scaled[0], scaled[1], scaled[2])
        guard step != 0 else { return .failure(GridProblem("range(...): step must not be 0")) }
        let (span, o1) = stop.subtractingReportingOverflow(start)
        guard !o1 else { return .failure(GridProblem("range(...): arguments too large")) }
        var count = 0
        if (span > 0) == (step > 0), span != 0 {
            // ceil(span / step) for same-sign operands.
            let q = span / step
            count = q + (span % step == 0 ? 0 : 1)
        }
        return .success(.range(start: start, step: step, count: count, scale: scale, integral: integral))
    }

    var count: Int {
        switch self {
        case .logspace(_, _, let n): n
        case .range(_, _, let n, _, _): n
        }
    }

    /// The values; call only after `count` has been checked against the limits.
    func values() -> [ScalarValue] {
        switch self {
        case .logspace(let a, let b, let n):
            return (0..<n).map { i in
                var e = n == 1 ? a : a + (b - a) * Double(i) / Double(n - 1)
                if abs(e - e.rounded()) < 1e-9 { e = e.rounded() }
                let v: Double = e == e.rounded() ? (Double("1e\(Int(e))") ?? pow(10, e)) : pow(10, e)
                return .double(v, text: CanonicalJSON.number(v))
            }
        case .range(let start, let step, let n, let scale, let integral):
            return (0..<n).map { i in
                // Cannot overflow: start + (n-1)*step lies between start and stop.
                let v = start + i * step
                if integral { return .int(v) }
                let d = Double("\(v)e-\(scale)") ?? Double(v) / pow(10, Double(scale))
                return .double(d, text: CanonicalJSON.number(d))
            }
        }
    }
}

/// A decimal literal as mantissa * 10^exponent, exactly (at most 18 significant digits).
struct ExactDecimal: Hashable, Sendable {
    var mantissa: Int
    var exponent: Int

    init(mantissa: Int, exponent: Int) {
        self.mantissa = mantissa
        self.exponent = exponent
    }

    init?(_ text: String) {
        var u = Substring(text)
        var negative = false
        if u.first == "-" || u.first == "+" { negative = u.first == "-"; u = u.dropFirst() }
        var exp = 0
        if let e = u.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            guard let x = Int(u[u.index(after: e)...]), abs(x) <= 400 else { return nil }
            exp = x
            u = u[..<e]
        }
        var digits = ""
        if let dot = u.firstIndex(of: ".") {
            let frac = u[u.index(after: dot)...]
            digits = String(u[..<dot]) + frac
            exp -= frac.count
        } else {
            digits = String(u)
        }
        // Trailing zeros move into the exponent so "1.50" and "1.5" agree.
        while digits.count > 1, digits.hasSuffix("0") { digits.removeLast(); exp += 1 }
        let significant = digits.drop(while: { $0 == "0" })
        guard significant.count <= 18, let m = Int(significant.isEmpty ? "0" : String(significant)) else { return nil }
        mantissa = negative ? -m : m
        exponent = m == 0 ? 0 : exp
    }

    /// mantissa * 10^(exponent + scale), nil on overflow.
    func scaled(to scale: Int) -> Int? {
        let shift = exponent + scale
        guard shift >= 0 else { return nil }
        var v = mantissa
        for _ in 0..<shift {
            let (r, o) = v.multipliedReportingOverflow(by: 10)
            if o { return nil }
            v = r
        }
        return v
    }
}

/// A reason without its location; the parser adds file and key path.
struct GridProblem: Error, Sendable {
    var message: String
    init(_ message: String) { self.message = message }
}
