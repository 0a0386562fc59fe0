/// Eigenvalues of a small symmetric matrix by cyclic Jacobi rotations (n up to a few dozen;
/// accurate to rounding, which is all the Hessian checks here need).
public enum SymmetricEigen {
    /// Ascending eigenvalues of the symmetric n x n matrix `a` (row-major, a[i][j] == a[j][i]).
    public static func eigenvalues(_ a: [[Double]]) -> [Double] {
        decompose(a).values
    }

    /// Ascending eigenvalues with unit eigenvectors (vectors[k] belongs to values[k]).
    public static func decompose(_ matrix: [[Double]]) -> (values: [Double], vectors: [[Double]]) {
        let n = matrix.count
        var a = matrix
        var v = (0..<n).map { i in (0..<n).map { $0 == i ? 1.0 : 0.0 } }
        for _ in 0..<100 {
            var off = 0.0
            for i in 0..<n { for j in 0..<n where i != j { off += a[i][j] * a[i][j] } }
            var scale = 0.0
            for i in 0..<n { for j in 0..<n { scale += a[i][j] * a[i][j] } }
            if off <= 1e-30 * scale || off == 0 { break }
            for p in 0..<n {
                for q in (p + 1)..<n where a[p][q] != 0 {
                    let theta = (a[q][q] - a[p][p]) / (2 * a[p][q])
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<n {
                        let akp = a[k][p], akq = a[k][q]
                        a[k][p] = c * akp - s * akq
                        a[k][q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p][k], aqk = a[q][k]
                        a[p][k] = c * apk - s * aqk
                        a[q][k] = s * apk + c * aqk
                    }
                    for k in 0..<n {
                        let vkp = v[k][p], vkq = v[k][q]
                        v[k][p] = c * vkp - s * vkq
                        v[k][q] = s * vkp + c * vkq
                    }
                }
            }
        }
        let order = (0..<n).sorted { a[$0][$0] < a[$1][$1] }
        return (order.map { a[$0][$0] }, order.map { k in (0..<n).map { v[$0][k] } })
    }
}
