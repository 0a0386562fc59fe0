/// A real 2x2 matrix acting on the state (error, velocity) of a momentum method.
public struct IterationMatrix: Hashable, Codable, Sendable {
    public var a11: Double, a12: Double
    public var a21: Double, a22: Double

    public init(_ a11: Double, _ a12: Double, _ a21: Double, _ a22: Double) {
        self.a11 = a11
        self.a12 = a12
        self.a21 = a21
        self.a22 = a22
    }

    public static let identity = IterationMatrix(1, 0, 0, 1)

    public var trace: Double { a11 + a22 }
    public var determinant: Double { a11 * a22 - a12 * a21 }

    public func applied(to state: (error: Double, velocity: Double)) -> (error: Double, velocity: Double) {
        (a11 * state.error + a12 * state.velocity, a21 * state.error + a22 * state.velocity)
    }

    public static func * (a: IterationMatrix, b: IterationMatrix) -> IterationMatrix {
        IterationMatrix(a.a11 * b.a11 + a.a12 * b.a21, a.a11 * b.a12 + a.a12 * b.a22,
                        a.a21 * b.a11 + a.a22 * b.a21, a.a21 * b.a12 + a.a22 * b.a22)
    }

    /// M^k by repeated squaring (k >= 0).
    public func power(_ k: Int) -> IterationMatrix {
        precondition(k >= 0, "power must be >= 0")
        var result = IterationMatrix.identity
        var base = self
        var e = k
        while e > 0 {
            if e & 1 == 1 { result = result * base }
            base = base * base
            e >>= 1
        }
        return result
    }

    /// Largest absolute entry (a norm, enough for growth-rate estimates).
    public var maxNorm: Double { max(abs(a11), abs(a12), abs(a21), abs(a22)) }

    /// Eigenvalues: roots of mu^2 - trace mu + determinant, larger magnitude first; a complex
    /// pair is returned with the positive imaginary part first.
    public var eigenvalues: (Eigenvalue, Eigenvalue) {
        Self.roots(trace: trace, determinant: determinant)
    }

    /// Roots of mu^2 - t mu + d = 0, computed without cancellation.
    static func roots(trace t: Double, determinant d: Double) -> (Eigenvalue, Eigenvalue) {
        let disc = t * t - 4 * d
        if disc < 0 {
            let im = (-disc).squareRoot() / 2
            return (Eigenvalue(re: t / 2, im: im), Eigenvalue(re: t / 2, im: -im))
        }
        let s = disc.squareRoot()
        if t == 0 { return (Eigenvalue(re: s / 2), Eigenvalue(re: -s / 2)) }
        let big = (t + (t > 0 ? s : -s)) / 2
        let small = big == 0 ? 0 : d / big
        return abs(big) >= abs(small) ? (Eigenvalue(re: big), Eigenvalue(re: small)) : (Eigenvalue(re: small), Eigenvalue(re: big))
    }
}
