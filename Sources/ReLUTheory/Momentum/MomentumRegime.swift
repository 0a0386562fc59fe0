/// How the error of a momentum method evolves on one curvature direction of a quadratic.
///
/// Boundary convention (equality cases): a double real eigenvalue (zero discriminant) is `real`;
/// a spectral radius of exactly 1 (lr*lambda = 0 or lr*lambda on the upper convergence bound)
/// is `divergent`, i.e. "does not converge". So `complex` and the converging `real` cases are
/// open sets in lr*lambda.
public enum MomentumRegime: String, Codable, Sendable, CaseIterable {
    /// Real eigenvalues, spectral radius < 1: no rotation (both eigenvalues positive: monotone
    /// approach; a negative dominant eigenvalue: the error flips sign every step).
    case real
    /// Complex eigenvalues, spectral radius < 1: the error rotates by a fixed angle per step
    /// (underdamped: it overshoots the optimum and oscillates around it).
    case complex
    /// Spectral radius >= 1: the error does not shrink.
    case divergent
}
