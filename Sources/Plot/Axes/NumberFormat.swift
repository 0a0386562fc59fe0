import Foundation

/// Short, stable number spellings for tables, labels and file names.
public enum NumberFormat {
    /// An axis value as a person would write it in a grid file: the shortest spelling that reads
    /// back as the same Double, with exponents tidied (1e-05 -> 1e-5, 1e+20 -> 1e20). Values
    /// that need more than 6 significant digits (logspace(-3, 0, 7) gives 0.0031622776601683794)
    /// are shown with 4 (0.003162): labels are for reading; JSON keeps the exact numbers.
    public static func axis(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        var s = "\(x)"
        let digits = s.prefix { $0 != "e" && $0 != "E" }.filter(\.isNumber).drop { $0 == "0" }.count
        if digits > 6 { s = String(format: "%.4g", x) }
        if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            var mantissa = String(s[..<e])
            var exponent = String(s[s.index(after: e)...])
            if mantissa.hasSuffix(".0") { mantissa.removeLast(2) }
            let negative = exponent.hasPrefix("-")
            exponent = String(exponent.drop { $0 == "-" || $0 == "+" || $0 == "0" })
            s = mantissa + "e" + (negative ? "-" : "") + (exponent.isEmpty ? "0" : exponent)
        }
        return s
    }

    /// A fraction in [0, 1] with two decimals ("0.83"), as phase tables print them.
    public static func fraction(_ x: Double) -> String {
        x.isFinite ? String(format: "%.2f", x) : statistic(x)
    }

    /// A statistic rounded to `digits` significant digits (default 2: "0.83", "0.0042", "1.2e-5").
    public static func statistic(_ x: Double, digits: Int = 2) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        if x == 0 { return "0" }
        let magnitude = abs(x)
        if magnitude < 1e-3 || magnitude >= 1e5 {
            var exponent = Int(floor(log10(magnitude)))
            let scale = pow(10, Double(digits - 1))
            var mantissa = (x / pow(10, Double(exponent)) * scale).rounded() / scale
            if abs(mantissa) >= 10 { mantissa /= 10; exponent += 1 }  // 9.96e-5 -> 1.0e-4
            return axis(mantissa) + "e" + String(exponent)
        }
        let exponent = Int(floor(log10(magnitude)))
        let decimals = max(0, digits - 1 - exponent)
        let scale = pow(10, Double(decimals))
        let rounded = (x * scale).rounded() / scale
        return String(format: "%.\(decimals)f", rounded)
    }

    /// The label of the decade 10^e: plain from 0.001 to 1000, "1e-4" style beyond.
    public static func decade(_ e: Int) -> String {
        if (-3...3).contains(e) { return axis(pow(10, Double(e))) }
        return "1e\(e)"
    }
}
