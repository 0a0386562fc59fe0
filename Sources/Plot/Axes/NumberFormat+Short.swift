extension NumberFormat {
    /// A number for reports, 4 significant digits: 0.1235, 12.35, 1.235e-4, -2.5e6 (what
    /// `relusweep train` and `analyze` print).
    public static func short(_ x: Double) -> String {
        if x == 0 { return "0" }
        if x.magnitude >= 1e5 || x.magnitude < 1e-3 { return exponent4(x) }
        let digits = max(0, 3 - Int(log10Floor(x.magnitude)))
        return String(rounded(x, toPlaces: digits))
    }

    /// The decimal exponent of `v` > 0, counted by division (no libm, so stable everywhere).
    static func log10Floor(_ value: Double) -> Double {
        var e = 0.0
        var v = value
        while v >= 10 { v /= 10; e += 1 }
        while v < 1 { v *= 10; e -= 1 }
        return e
    }

    static func rounded(_ x: Double, toPlaces p: Int) -> Double {
        var scale = 1.0
        for _ in 0..<p { scale *= 10 }
        return (x * scale).rounded() / scale
    }

    /// "1.235e-4": a mantissa of up to 4 significant digits and the exponent.
    static func exponent4(_ x: Double) -> String {
        var e = 0
        var m = x.magnitude
        while m >= 10 { m /= 10; e += 1 }
        while m < 1 { m *= 10; e -= 1 }
        var mant = (m * 1000).rounded() / 1000
        if mant >= 10 {  // 9.9996 rounds up to 10.0: renormalize instead of printing "10.0e-7"
            mant /= 10
            e += 1
        }
        return "\(x < 0 ? "-" : "")\(mant)e\(e)"
    }
}
