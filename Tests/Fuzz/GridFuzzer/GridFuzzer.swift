// libFuzzer harness for the grid parser (issue 6, grid-file fuzzing): built and run by
// Tests/Fuzz/grid_fuzzer.sh (`make fuzz-grid`), coverage-guided, with the parser compiled with
// -sanitize=fuzzer. Properties, for any bytes: parsing as YAML and as JSON never crashes; a
// rejection is a GridError naming the file with a message; an accepted grid validates or is
// rejected the same way, and its JSON form parses back to the same trials.
import Foundation
import SweepModel

@_cdecl("LLVMFuzzerTestOneInput")
public func gridFuzzerTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    // Small limits keep each input fast; the limits themselves are part of what is fuzzed.
    let limits = GridLimits(maxTrials: 5_000, maxBytes: 64 << 10, maxNodes: 20_000, maxDepth: 32)
    for format in [GridSpec.Format.yaml, .json] {
        do {
            let grid = try GridSpec.parse(bytes, file: "fuzz-input", format: format, limits: limits)
            try grid.validateAll()
            let sample = try grid.sampleTrials(3)
            let again = try GridSpec.parse(grid.jsonText(), file: "round-trip", format: .json, limits: limits)
            let sampleAgain = try again.sampleTrials(3)
            guard again.trialCount == grid.trialCount, sampleAgain.map(\.id) == sample.map(\.id) else {
                fatalError("the JSON form of an accepted grid reads back differently: \(grid.jsonText())")
            }
        } catch {
            guard error.file == "fuzz-input", !error.message.isEmpty, error.description.hasPrefix("fuzz-input") else {
                fatalError("a rejection that does not name the input: \(error.description)")
            }
        }
    }
    return 0
}
