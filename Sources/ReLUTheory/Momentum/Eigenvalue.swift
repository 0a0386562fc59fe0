import Foundation

/// A complex number, as eigenvalues of the real 2x2 momentum matrix may be complex.
public struct Eigenvalue: Hashable, Codable, Sendable, CustomStringConvertible {
    public var re: Double
    public var im: Double

    public init(re: Double, im: Double = 0) {
        self.re = re
        self.im = im
    }

    public var magnitude: Double { hypot(re, im) }
    /// Argument in (-pi, pi]: the rotation per step of this mode.
    public var argument: Double { atan2(im, re) }
    public var isReal: Bool { im == 0 }

    public static func + (a: Eigenvalue, b: Eigenvalue) -> Eigenvalue { Eigenvalue(re: a.re + b.re, im: a.im + b.im) }
    public static func - (a: Eigenvalue, b: Eigenvalue) -> Eigenvalue { Eigenvalue(re: a.re - b.re, im: a.im - b.im) }
    public static func * (a: Eigenvalue, b: Eigenvalue) -> Eigenvalue {
        Eigenvalue(re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re)
    }
    public static func * (s: Double, a: Eigenvalue) -> Eigenvalue { Eigenvalue(re: s * a.re, im: s * a.im) }

    public var description: String {
        if im == 0 { return "\(re)" }
        return "\(re)\(im < 0 ? "-" : "+")\(abs(im))i"
    }
}
