import Foundation
import Testing
@testable import ReLUCore

struct DeterministicRNGTests {
    /// Known answers: these values define the generator. If they change, every trial id's
    /// numbers change, so this must fail loudly.
    @Test func knownAnswers() {
        var rng = DeterministicRNG(seed: 0, stream: .data)
        let first = (0..<3).map { _ in rng.next() }
        var again = DeterministicRNG(seed: 0, stream: .data)
        #expect((0..<3).map { _ in again.next() } == first)
        var other = DeterministicRNG(seed: 0, stream: .initialization)
        #expect(other.next() != first[0])
        // xoshiro256** from SplitMix64(seed ^ stream * 0xD1B54A32D192ED03), seed 0, stream 1.
        #expect(first == Self.expectedFirst)
    }

    static let expectedFirst: [UInt64] = {
        // Independent re-implementation of the reference algorithms, for the known answer.
        var sm: UInt64 = 0 ^ (1 &* 0xD1B5_4A32_D192_ED03)
        func splitMix() -> UInt64 {
            sm &+= 0x9E37_79B9_7F4A_7C15
            var z = sm
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        var s = [splitMix(), splitMix(), splitMix(), splitMix()]
        func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
        var out: [UInt64] = []
        for _ in 0..<3 {
            out.append(rotl(s[1] &* 5, 7) &* 9)
            let t = s[1] << 17
            s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t; s[3] = rotl(s[3], 45)
        }
        return out
    }()

    @Test func normalMoments() {
        var rng = DeterministicRNG(seed: 11, stream: .initialization)
        let n = 100_000
        var sum = 0.0, sum2 = 0.0, sum4 = 0.0
        for _ in 0..<n {
            let z = rng.nextNormal()
            sum += z; sum2 += z * z; sum4 += z * z * z * z
        }
        #expect(abs(sum / Double(n)) < 0.02)
        #expect(abs(sum2 / Double(n) - 1) < 0.02)
        #expect(abs(sum4 / Double(n) - 3) < 0.1)
    }

    @Test("log and sin agree with the platform's to ~1e-15 relative")
    func elementaryFunctions() {
        var rng = DeterministicRNG(seed: 2, stream: .data)
        for _ in 0..<10_000 {
            let x = Foundation.exp(rng.nextUniform(-40, 40))
            let logError: Double = abs(DeterministicMath.log(x) - Foundation.log(x))
            let logScale: Double = max(1, abs(Foundation.log(x)))
            #expect(logError <= 4e-16 * logScale)
            let t = rng.nextUniform(-10, 10)
            let sinError: Double = abs(DeterministicMath.sin(t) - Foundation.sin(t))
            #expect(sinError <= 1e-15)
        }
        #expect(DeterministicMath.log(1) == 0)
    }

    @Test func shuffleIsAPermutation() {
        var rng = DeterministicRNG(seed: 4, stream: .batches)
        var a = Array(0..<100)
        rng.shuffle(&a)
        #expect(a != Array(0..<100))
        #expect(a.sorted() == Array(0..<100))
    }
}
