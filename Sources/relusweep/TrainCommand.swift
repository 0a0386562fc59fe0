import ArgumentParser
import Foundation
import LocalSweep
import ReLUCore
import SweepModel


struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train one trial and print its metrics.",
        discussion: """
            A trial is a pure function of its config: the same flags give the same numbers on any
            machine. Flags override --config FILE.json, whose keys are the camelCase flag names
            (the keys grid files use). Datasets: \(DatasetSpec.allowedSpellings).
            """)

    @Option(help: "A JSON trial config (keys: \(TrialConfig.keys.joined(separator: ", "))).")
    var config: String?

    @Option(help: "Model: \(ModelKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var model: ModelKind?
    @Option(help: "Data set: \(DatasetSpec.allowedSpellings).")
    var dataset: DatasetSpec?
    @Option(help: "Input dimension (default: the data set's own).")
    var inputDim: Int?
    @Option(help: "Hidden layers (mlp) or residual blocks (resmlp).")
    var depth: Int?
    @Option(help: "Units per hidden layer.")
    var width: Int?
    @Option(help: "Target standard deviation sigma after standardization.")
    var targetStd: Double?
    @Option(help: "Target mean after standardization.")
    var targetMean: Double?
    @Option(help: "Optimizer: \(OptimizerKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var optimizer: OptimizerKind?
    @Option(help: "Momentum beta (Adam's beta1).")
    var momentum: Double?
    @Option(help: "Learning rate.")
    var lr: Double?
    @Option(help: "Training steps.")
    var steps: Int?
    @Option(help: "Mini-batch size; 0 = full batch.")
    var batchSize: Int?
    @Option(help: "Seed of initialization, batches and (unless --data-seed) data.")
    var seed: Int?
    @Option(help: "Seed of the data alone.")
    var dataSeed: Int?
    @Option(help: "Train samples.")
    var nTrain: Int?
    @Option(help: "Test samples.")
    var nTest: Int?
    @Option(help: "Adam's beta2.")
    var beta2: Double?
    @Option(help: "Adam's epsilon.")
    var eps: Double?
    @Option(help: "Steps between dead-unit probes (0 = automatic).")
    var probeEvery: Int?
    @Option(help: "Stop early once collapsed and frozen (true/false).")
    var earlyStop: Bool?
    @Flag(help: "Record the dead fraction over training (metrics.trace).")
    var trace = false
    @Option(help: "Record (w, b) of a single ReLU (model single or neuron) every N steps (metrics.trajectory).")
    var trajectoryEvery: Int?
    @Option(help: "Multiply the output layer's initial He-normal weights (mlp, resmlp, neuron) by this.")
    var outputInitScale: Double?

    @Flag(help: "Print one JSON object with config and metrics.")
    var json = false

    func resolvedConfig() throws -> TrialConfig {
        var c = TrialConfig()
        if let path = config {
            if let problem = FileProblem.readingFile(path) {
                throw ValidationError(problem.message(path: path, role: "--config"))
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ValidationError(FileProblem.other("could not be read").message(path: path, role: "--config"))
            }
            do {
                c = try JSONDecoder().decode(TrialConfig.self, from: data)
            } catch {
                throw ValidationError("--config \(path): \(describeDecodingError(error))")
            }
        }
        if let model { c.model = model }
        if let dataset { c.dataset = dataset }
        if let inputDim { c.inputDim = inputDim }
        if let depth { c.depth = depth }
        if let width { c.width = width }
        if let targetStd { c.targetStd = targetStd }
        if let targetMean { c.targetMean = targetMean }
        if let optimizer { c.optimizer = optimizer }
        if let momentum { c.momentum = momentum }
        if let lr { c.lr = lr }
        if let steps { c.steps = steps }
        if let batchSize { c.batchSize = batchSize }
        if let seed { c.seed = seed }
        if let dataSeed { c.dataSeed = dataSeed }
        if let nTrain { c.nTrain = nTrain }
        if let nTest { c.nTest = nTest }
        if let beta2 { c.beta2 = beta2 }
        if let eps { c.eps = eps }
        if let probeEvery { c.probeEvery = probeEvery }
        if let earlyStop { c.earlyStop = earlyStop }
        if trace { c.trace = true }
        if let trajectoryEvery { c.trajectoryEvery = trajectoryEvery }
        if let outputInitScale { c.outputInitScale = outputInitScale }
        do {
            try c.validate()
        } catch {
            throw ValidationError("--\(flagName(error.key)): \(error.message)")
        }
        return c
    }

    /// Any file the user may read: relative csv paths from the current directory, then from
    /// the --config file's directory.
    var dataAccess: DataAccess {
        guard let config else { return .workingDirectory }
        return LocalSweepConfiguration.dataAccess(gridFile: config)
    }

    func run() throws {
        let c = try resolvedConfig()
        let metrics: TrialMetrics
        do {
            metrics = try Trainer().run(c, dataAccess: dataAccess)
        } catch {
            throw ValidationError(error.description)
        }
        if json {
            print(try TrialRecord(config: c, metrics: metrics).jsonLine())
        } else {
            print(TrainSummary(config: c, metrics: metrics).text)
        }
    }
}
