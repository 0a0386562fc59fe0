import Foundation

/// SplitMix64: a small, fast generator whose sequence is fixed by its seed, so a random test
/// that fails can be replayed exactly.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    public var state: UInt64

    public init(state: UInt64) { self.state = state }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The generator of a random test: seeded from `RELUSWEEP_TEST_SEED` when set (to replay a
    /// failure), else from the clock; the seed is printed with the test's name either way.
    public static func forTest(_ name: String = #function) -> SeededRandom {
        let seed = ProcessInfo.processInfo.environment["RELUSWEEP_TEST_SEED"].flatMap { UInt64($0) }
            ?? UInt64(truncatingIfNeeded: DispatchTime.now().uptimeNanoseconds)
        print("\(name): RELUSWEEP_TEST_SEED=\(seed)")
        return SeededRandom(state: seed)
    }
}
