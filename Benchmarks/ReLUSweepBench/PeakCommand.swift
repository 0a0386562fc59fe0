import ArgumentParser
import Foundation
import ReLUCore

/// `ReLUSweepBench peak`: the float32 FMA peak of the core this process runs on (pin it), the
/// ceiling `make bench-peers` measures every row against.
struct PeakCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "peak",
        abstract: "Measured float32 FMA peak of one core: independent FMA chains in the kernels' widest vectors.")

    @Option(help: "Seconds of bursts; the fastest burst counts.")
    var seconds = 2.0
    @Option(help: "Vectors of this kernel variant: best, portable, avx2, avx512.")
    var kernels = "best"
    @Flag(help: "One JSON line instead of text.")
    var json = false

    func validate() throws {
        guard seconds > 0 && seconds <= 600 else { throw ValidationError("--seconds must be in (0, 600]; got \(seconds)") }
        guard kernels == "best" || Kernels.Variant.allCases.contains(where: { "\($0)" == kernels }) else {
            throw ValidationError("--kernels must be best, portable, avx2 or avx512; got \(kernels)")
        }
    }

    func run() throws {
        let variant = Kernels.Variant.allCases.first { "\($0)" == kernels } ?? Kernels.best
        guard variant.rawValue <= Kernels.best.rawValue else {
            throw ValidationError("this CPU cannot run the \(kernels) kernels")
        }
        let peak = Kernels.fmaPeak(seconds: seconds, variant: variant)
        if json {
            let line: [String: Any] = [
                "tool": "fma-peak", "kernels": "\(variant)", "lanes": peak.lanes, "gflops": peak.gflops,
                "seconds": seconds,
            ]
            let data = try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print("FMA peak (\(variant), \(peak.lanes) lanes): \(fmt(peak.gflops)) GFLOP/s on one core")
        }
    }
}
