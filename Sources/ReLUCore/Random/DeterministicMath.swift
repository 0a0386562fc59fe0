/// Elementary functions built from IEEE-754 basic operations only (+, -, *, /, sqrt), so they
/// give bitwise-identical results on every machine. The platform's libm is free to differ in
/// the last bit between versions and CPUs, which would make a trial's data depend on the host.
public enum DeterministicMath {
    static let ln2 = 0.693_147_180_559_945_309_417_232_121_458
    static let pi = 3.141_592_653_589_793_238_462_643_383_279

    /// Natural logarithm for finite x > 0 (accurate to a few ulp).
    public static func log(_ x: Double) -> Double {
        precondition(x > 0 && x.isFinite, "log of \(x)")
        // x = m * 2^e with m in [sqrt(1/2), sqrt(2)); log m = 2 atanh(t), t = (m-1)/(m+1).
        var m = x.significand  // [1, 2)
        var e = Double(x.exponent)
        if m > 1.414_213_562_373_095_048_8 {
            m /= 2
            e += 1
        }
        let t = (m - 1) / (m + 1)
        let t2 = t * t
        // |t| <= 0.1716, so t^2 <= 0.02944; 12 odd terms reach below 1e-19 relative.
        var sum = 0.0
        var k = 23.0
        while k >= 1 {
            sum = sum * t2 + 1 / k
            k -= 2
        }
        return 2 * t * sum + e * ln2
    }

    /// Sine for finite x (accurate to a few ulp for |x| up to ~1e6).
    public static func sin(_ x: Double) -> Double {
        precondition(x.isFinite, "sin of \(x)")
        // Reduce to r in [-pi/2, pi/2] using sin(x) = (-1)^n sin(x - n*pi).
        let n = (x / pi).rounded()
        var r = x - n * pi
        let negate = Int(n) % 2 != 0
        if r > pi / 2 { r = pi - r } else if r < -pi / 2 { r = -pi - r }
        let r2 = r * r
        // Taylor series to r^23: remainder below (pi/2)^25/25! ~ 1e-20.
        var sum = 0.0
        var k = 23.0
        while k >= 1 {
            // Horner on the odd series: sum <- 1 - r^2 sum / ((k+1)(k+2)) built inside out.
            sum = 1 - r2 * sum / ((k + 1) * (k + 2))
            k -= 2
        }
        let s = r * sum
        return negate ? -s : s
    }
}
