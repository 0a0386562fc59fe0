/// xoshiro256** seeded through SplitMix64: fast, well tested, and defined bit for bit, so a
/// trial's random numbers depend only on (seed, stream), never on the platform.
public struct DeterministicRNG: RandomNumberGenerator, Sendable {
    /// Independent streams of one trial, so adding draws to one (say, more data) never shifts
    /// another (say, the initial weights).
    public enum Stream: UInt64, Sendable {
        case data = 1, initialization = 2, batches = 3, teacher = 4
    }

    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    public init(seed: UInt64, stream: Stream) {
        self.init(seed: seed, streamID: stream.rawValue)
    }

    public init(seed: UInt64, streamID: UInt64) {
        var sm = seed ^ (streamID &* 0xD1B5_4A32_D192_ED03)
        func splitMix() -> UInt64 {
            sm &+= 0x9E37_79B9_7F4A_7C15
            var z = sm
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix(); s1 = splitMix(); s2 = splitMix(); s3 = splitMix()
    }

    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// Uniform in [0, 1) with 53 random bits.
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform in [a, b).
    public mutating func nextUniform(_ a: Double, _ b: Double) -> Double {
        a + (b - a) * nextUnit()
    }

    /// Standard normal by Marsaglia's polar method (needs only log and sqrt).
    public mutating func nextNormal() -> Double {
        while true {
            let u = 2 * nextUnit() - 1
            let v = 2 * nextUnit() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                return u * (-2 * DeterministicMath.log(s) / s).squareRoot()
            }
        }
    }

    /// Uniform integer in 0..<n without bias, by Lemire's multiply-and-reject (no division on
    /// the common path; the batch shuffle draws one per sample per epoch).
    public mutating func nextIndex(below n: Int) -> Int {
        precondition(n > 0)
        let bound = UInt64(n)
        var m = next().multipliedFullWidth(by: bound)
        if m.low < bound {
            let threshold = (0 &- bound) % bound
            while m.low < threshold { m = next().multipliedFullWidth(by: bound) }
        }
        return Int(m.high)
    }

    /// Fisher-Yates shuffle with this generator's own index draws. Not generic on purpose: the
    /// per-epoch shuffle sits in the training loop, and an unspecialized generic swap costs more
    /// than a small network's whole step.
    public mutating func shuffle(_ a: inout [Int]) {
        guard a.count > 1 else { return }
        a.withUnsafeMutableBufferPointer { p in
            for i in stride(from: p.count - 1, to: 0, by: -1) {
                let j = nextIndex(below: i + 1)
                let t = p[i]
                p[i] = p[j]
                p[j] = t
            }
        }
    }
}
