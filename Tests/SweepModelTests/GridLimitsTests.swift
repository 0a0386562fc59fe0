import Foundation
import Testing
import TestSupport
@testable import SweepModel

/// Hostile sizes are refused from the formulas, before any value is produced.
@Suite struct GridLimitsTests {
    func refused(_ text: String, limits: GridLimits = .default, mentions: String) {
        #expect {
            try GridSpec.parse(text, file: "huge.yaml", limits: limits)
        } throws: { e in
            (e as? GridError)?.description.contains(mentions) == true
        }
    }

    @Test func aBillionSeedsIsRefused() {
        refused("name: x\nseeds: 1000000000\n", mentions: "limit")
    }

    @Test func aHugeLogspaceIsRefused() {
        refused("name: x\naxes: { lr: [\"logspace(-3, 0, 1000000000000)\"] }\n", mentions: "more than 1000000 values")
        refused("name: x\naxes:\n  width: range(1, 1000000000000000000)\n", mentions: "more than 1000000 values")
    }

    @Test func aProductOverTheLimitIsRefusedAndExplained() {
        refused("name: x\naxes:\n  width: range(1, 1002)\n  depth: range(1, 1002)\n", mentions: "1001 width x 1001 depth")
        refused("name: x\naxes: { lr: [0.1, 0.2] }\nseeds: 600000\n", mentions: "more than 1000000 trials")
        refused("name: x\naxes: { lr: [0.1, 0.2] }\nseeds: 6\n", limits: GridLimits(maxTrials: 10), mentions: "the limit is 10")
    }

    @Test func productOverflowIsRefused() {
        let axes = ["width", "depth", "steps", "nTrain", "nTest", "batchSize", "probeEvery"]
            .map { "  \($0): range(1, 900001)" }.joined(separator: "\n")
        refused("name: x\naxes:\n\(axes)\n", mentions: "more than 1000000 trials")
    }

    @Test func aliasBombIsRefused() {
        var yaml = "a0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n"
        for i in 1..<9 {
            yaml += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        yaml += "name: x\n"
        refused(yaml, mentions: "more than 1000000 values")
    }

    @Test func deepNestingIsRefused() {
        refused("name: x\nbase: " + String(repeating: "[", count: 200) + String(repeating: "]", count: 200) + "\n", mentions: "nest")
        // libyaml stops at 1000 levels; just under it, Yams' own recursion must not overflow.
        refused("name: x\nbase: " + String(repeating: "[", count: 995) + String(repeating: "]", count: 995) + "\n", mentions: "nest")
        refused("name: x\nbase:\n" + String(repeating: "- ", count: 995) + "1\n", mentions: "nest")
        refused("name: x\nbase: " + String(repeating: "[", count: 5000) + "\n", mentions: "YAML")
        #expect(throws: GridError.self) {
            try GridSpec.parse(String(repeating: "[", count: 5000), file: "deep.json", format: .json)
        }
    }

    @Test func oversizedDocumentsAreRefused() {
        let big = "name: x\ndescription: " + String(repeating: "a", count: 2000) + "\n"
        refused(big, limits: GridLimits(maxBytes: 1000), mentions: "limited to 1000")
    }

    @Test func garbageNeverCrashes() {
        var rng = SeededRandom.forTest()
        let pieces = ["name: x\n", "axes:", "{", "}", "[", "]", ",", ":", "logspace(", "range(", ")", "1e9", "-", "\"", "'",
                      "&a", "*a", "\n  ", "seeds: ", "zip: ", "base: ", "\u{0}", "\u{FFFD}", "1", "0.5", "null", "#"]
        for _ in 0..<2000 {
            let text = (0..<Int.random(in: 1...30, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            for format in [GridSpec.Format.yaml, .json] {
                do {
                    let g = try GridSpec.parse(text, file: "fuzz", format: format)
                    _ = try g.trials()
                } catch {
                    #expect(!error.description.isEmpty)
                }
            }
        }
    }
}
