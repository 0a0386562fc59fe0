// swift-tools-version:6.2
// ReLUSweep: measure when and why ReLU networks die (Arnekvist et al. 2020, reconstructed).
import PackageDescription

// The training core is compiled optimized even in debug builds: tests and `make run` train real
// networks, and unoptimized Swift numerics are ~50x slower. The build stays portable (no
// -target-cpu); CPU-specific kernels are selected at run time inside ReLUKernels.
let optimizedSwift: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]
let optimizedC: [CSetting] = [.unsafeFlags(["-O3", "-ffp-contract=off"])]

let package = Package(
    name: "ReLUSweep",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "relusweep", targets: ["relusweep"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // Matrix kernels with run-time CPU dispatch (AVX-512 / AVX2+FMA / portable).
        .target(name: "ReLUKernels", cSettings: optimizedC),
        .target(name: "ReLUCore", dependencies: ["ReLUKernels"], swiftSettings: optimizedSwift),
        .target(name: "ReLUTheory", swiftSettings: optimizedSwift),
        .target(name: "SweepModel", dependencies: [
            "ReLUCore",
            .product(name: "Yams", package: "Yams"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Adaptive sweeps' decisions: sequential seeds per cell (anytime-valid intervals), refinement
        // where the outcome changes. Pure arithmetic, optimized like the core (tests simulate 10^4 cells).
        .target(name: "AdaptiveSweep", dependencies: ["SweepModel", "ReLUCore"], swiftSettings: optimizedSwift),
        .target(name: "SweepStore", dependencies: [
            "SweepModel",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        // SVG drawing: heatmaps, line plots, colour maps, rasterizing. Knows nothing of trials.
        .target(name: "Plot"),
        // Trial records merged into phase tables: aggregation, statistics, tables and their figures.
        .target(name: "PhaseDiagram", dependencies: ["SweepModel", "ReLUCore", "Plot"]),
        // The paper's analytic figures and the paper-figure jobs (P1-P6).
        .target(name: "TheoryFigures", dependencies: ["ReLUTheory", "ReLUCore", "PhaseDiagram", "Plot", "SweepModel"]),
        .target(name: "Coordinator", dependencies: [
            "SweepModel", "SweepStore", "PhaseDiagram", "Plot", "AdaptiveSweep",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "HummingbirdTLS", package: "hummingbird"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
        ], resources: [
            // The dashboard's files, compiled into the binary (nothing to install next to it).
            .embedInCode("Dashboard/Web/index.html"),
            .embedInCode("Dashboard/Web/dashboard.css"),
            .embedInCode("Dashboard/Web/dashboard.js"),
            .embedInCode("Dashboard/Web/favicon.svg"),
        ]),
        // The HTTP client of the coordinator's API (workers and the CLI's client commands).
        .target(name: "SweepClient", dependencies: [
            "SweepModel",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ]),
        .target(name: "Worker", dependencies: [
            "SweepClient", "SweepModel", "ReLUCore",
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // One machine: an embedded coordinator and a local worker in one ServiceGroup (`relusweep run`).
        .target(name: "LocalSweep", dependencies: [
            "Coordinator", "Worker", "SweepClient", "SweepModel", "PhaseDiagram", "Plot",
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "relusweep", dependencies: [
            "ReLUCore", "ReLUTheory", "SweepModel", "SweepStore", "Coordinator", "SweepClient", "Worker", "PhaseDiagram",
            "Plot", "TheoryFigures", "LocalSweep", "AdaptiveSweep",
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Training-core benchmarks; kept free of the networking stack so `make bench` builds fast.
        .executableTarget(name: "ReLUSweepBench", dependencies: [
            "ReLUCore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], path: "Benchmarks/ReLUSweepBench", swiftSettings: optimizedSwift),
        // Issue 14.5: an adaptive sweep against its dense reference, from their results.jsonl files.
        .executableTarget(name: "AdaptiveBench", dependencies: ["AdaptiveSweep", "SweepModel", "ReLUCore"],
                          path: "Benchmarks/AdaptiveBench", swiftSettings: optimizedSwift),
        // Coordinator benchmark over HTTP (results/s, lease latency); `make bench` builds it in release.
        .executableTarget(name: "SweepBench", dependencies: [
            "Coordinator", "SweepModel", "SweepStore", "ReLUCore",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ], path: "Benchmarks/SweepBench"),

        // Helpers shared by the test targets (polling, SVG inspection); never linked into a product.
        .target(name: "TestSupport", dependencies: ["SweepModel", "ReLUCore"], path: "Tests/TestSupport"),
        // docs/architecture.md against this file and the sources' imports.
        .testTarget(name: "ArchitectureTests"),
        .testTarget(name: "ReLUCoreTests", dependencies: ["ReLUCore", "ReLUKernels", "TestSupport"]),
        .testTarget(name: "ReLUTheoryTests", dependencies: ["ReLUTheory"]),
        .testTarget(name: "SweepModelTests", dependencies: ["SweepModel", "TestSupport"]),
        .testTarget(name: "AdaptiveSweepTests", dependencies: ["AdaptiveSweep", "SweepModel", "ReLUCore", "PhaseDiagram", "TestSupport"]),
        .testTarget(name: "SweepStoreTests", dependencies: ["SweepStore", "TestSupport"]),
        .testTarget(name: "PlotTests", dependencies: ["Plot", "TestSupport"]),
        .testTarget(name: "PhaseDiagramTests", dependencies: ["PhaseDiagram", "Plot", "SweepModel", "ReLUCore", "TestSupport"]),
        .testTarget(name: "TheoryFiguresTests", dependencies: ["TheoryFigures", "PhaseDiagram", "Plot", "SweepModel", "ReLUCore", "ReLUTheory", "TestSupport"]),
        .testTarget(name: "SweepClientTests", dependencies: ["SweepClient", "SweepModel", "TestSupport"]),
        .testTarget(name: "CoordinatorTests", dependencies: ["Coordinator", "SweepModel", "SweepStore", "PhaseDiagram", "Plot", "ReLUCore", "AdaptiveSweep", "TestSupport",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Yams", package: "Yams"),
            .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(name: "WorkerTests", dependencies: ["Worker", "SweepClient", "Coordinator", "SweepStore", "SweepModel", "ReLUCore", "TestSupport"]),
        // Real processes: builds and runs the `relusweep` binary.
        .testTarget(name: "EndToEndTests", dependencies: ["SweepModel", "SweepStore", "SweepClient", "Worker", "TestSupport",
            .product(name: "AsyncHTTPClient", package: "async-http-client")]),
    ]
)
