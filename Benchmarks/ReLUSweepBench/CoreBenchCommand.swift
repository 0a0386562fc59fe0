import ArgumentParser
import Dispatch
import Foundation
import ReLUCore

/// `ReLUSweepBench core`: trials of the core workloads, back to back, on `slots` threads.
struct CoreBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "core",
        abstract: "Training-core speed: steps/s and trials/s of workloads W, small, large (medians).")

    @Option(help: "W, small, large or all.")
    var workload = "all"
    @Option(help: "Concurrent trials (threads), each training its own seeds.")
    var slots = 1
    @Option(help: "Trials per slot; the median is reported.")
    var repeats = 5
    @Option(help: "Kernel variant: best, portable, avx2, avx512.")
    var kernels = "best"
    @Flag(help: "JSON lines instead of a table.")
    var json = false

    func validate() throws {
        guard workload == "all" || CoreWorkload.named(workload) != nil else {
            throw ValidationError("--workload must be W, small, large or all; got \(workload)")
        }
        guard (1...256).contains(slots) else { throw ValidationError("--slots must be in 1...256") }
        guard (1...1000).contains(repeats) else { throw ValidationError("--repeats must be in 1...1000") }
        guard kernels == "best" || Kernels.Variant.allCases.contains(where: { "\($0)" == kernels }) else {
            throw ValidationError("--kernels must be best, portable, avx2 or avx512; got \(kernels)")
        }
    }

    func run() throws {
        if let v = Kernels.Variant.allCases.first(where: { "\($0)" == kernels }), !Kernels.select(v) {
            throw ValidationError("this CPU cannot run the \(kernels) kernels")
        }
        let workloads = workload == "all" ? CoreWorkload.all : [CoreWorkload.named(workload)!]
        if !json {
            print("kernels: \(Kernels.active)   slots: \(slots)   trials per slot: \(repeats)")
            // steps/s is one trial's speed (median over trials); trials/s is all slots together.
            print(pad("workload", 9) + pad("steps/s", 12) + pad("trials/s", 10) + pad("GFLOP/s", 9) + "final nmse")
            print(pad("", 9) + pad("(1 trial)", 12) + pad("(all)", 10))
        }
        for w in workloads {
            let r = try measure(w)
            if json {
                let line: [String: Any] = [
                    "tool": "relusweep", "variant": "core", "workload": w.name, "slots": slots, "threads": slots,
                    "steps": w.steps, "steps_per_s": r.stepsPerSecond, "trials_per_s": r.trialsPerSecond,
                    "gflops": r.gflops, "kernels": "\(Kernels.active)", "repeats": repeats, "nmse": r.nmse,
                    "cpu_util": r.cpuUtil,
                ]
                let data = try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys])
                print(String(decoding: data, as: UTF8.self))
            } else {
                print(pad(w.name, 9) + pad(fmt(r.stepsPerSecond), 12) + pad(fmt(r.trialsPerSecond), 10)
                    + pad(fmt(r.gflops), 9) + fmt(r.nmse))
            }
        }
    }

    /// cpuUtil: the process's CPU time over the wall time of the timed trials (the peers report
    /// the same): about `slots` on an idle machine, less when other programs took CPU time.
    struct Result { var stepsPerSecond, trialsPerSecond, gflops, nmse, cpuUtil: Double }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func s(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) * 1e-6 }
        return s(usage.ru_utime) + s(usage.ru_stime)
    }

    /// Each slot trains `repeats` trials (distinct seeds); trials/s counts every trial that ends
    /// within the run over the run's wall time; steps/s is the median over single trials.
    func measure(_ w: CoreWorkload) throws -> Result {
        _ = try Trainer().run(w.config(seed: 10_000))  // warm-up: page in code and data paths
        let perSlot = UnsafeMutableBufferPointer<[Double]>.allocate(capacity: slots)
        perSlot.initialize(repeating: [])
        defer { perSlot.deallocate() }
        let nmse = UnsafeMutableBufferPointer<Double>.allocate(capacity: slots)
        nmse.initialize(repeating: .nan)
        defer { nmse.deallocate() }
        let start = DispatchTime.now()
        let cpuStart = Self.cpuSeconds()
        nonisolated(unsafe) let slotsOut = perSlot
        nonisolated(unsafe) let nmseOut = nmse
        let repeats = repeats
        DispatchQueue.concurrentPerform(iterations: slots) { slot in
            var speeds: [Double] = []
            for r in 0..<repeats {
                guard let m = try? Trainer().run(w.config(seed: slot * 1000 + r)) else { continue }
                speeds.append(m.stepsPerSecond)
                nmseOut[slot] = m.normalizedTrainMSE ?? .nan
            }
            slotsOut[slot] = speeds
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        let cpuUtil = (Self.cpuSeconds() - cpuStart) / elapsed
        let speeds = perSlot.flatMap { $0 }.sorted()
        guard !speeds.isEmpty else { throw ValidationError("no trial finished") }
        let median = speeds[speeds.count / 2]
        let trialsPerSecond = Double(speeds.count) / elapsed
        return Result(stepsPerSecond: median, trialsPerSecond: trialsPerSecond,
                      gflops: trialsPerSecond * Double(w.steps) * w.flopsPerStep / 1e9, nmse: nmse[0],
                      cpuUtil: cpuUtil)
    }
}

func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count) }

func fmt(_ x: Double) -> String {
    if !x.isFinite { return "n/a" }
    if x >= 100 { return String(Int(x.rounded())) }
    return String((x * 1000).rounded() / 1000)
}
