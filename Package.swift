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
        .target(name: "SweepStore", dependencies: [
            "SweepModel",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .target(name: "PhaseDiagram", dependencies: ["ReLUCore", "ReLUTheory"]),
        .target(name: "Coordinator", dependencies: [
            "SweepModel", "SweepStore", "PhaseDiagram",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
        ]),
        .target(name: "Worker", dependencies: [
            "SweepModel", "ReLUCore",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "relusweep", dependencies: [
            "ReLUCore", "ReLUTheory", "SweepModel", "SweepStore", "Coordinator", "Worker", "PhaseDiagram",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Training-core benchmarks; kept free of the networking stack so `make bench` builds fast.
        .executableTarget(name: "ReLUSweepBench", dependencies: [
            "ReLUCore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], path: "Benchmarks/ReLUSweepBench", swiftSettings: optimizedSwift),
        // Coordinator benchmark over HTTP (results/s, lease latency); `make bench` builds it in release.
        .executableTarget(name: "SweepBench", dependencies: [
            "Coordinator", "SweepModel", "SweepStore", "ReLUCore",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ], path: "Benchmarks/SweepBench"),

        .testTarget(name: "ReLUCoreTests", dependencies: ["ReLUCore", "ReLUKernels"]),
        .testTarget(name: "ReLUTheoryTests", dependencies: ["ReLUTheory"]),
        .testTarget(name: "SweepModelTests", dependencies: ["SweepModel"]),
        .testTarget(name: "SweepStoreTests", dependencies: ["SweepStore"]),
        .testTarget(name: "PhaseDiagramTests", dependencies: ["PhaseDiagram", "ReLUCore", "ReLUTheory"]),
        .testTarget(name: "CoordinatorTests", dependencies: ["Coordinator", "SweepModel", "SweepStore", "PhaseDiagram", "ReLUCore",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Yams", package: "Yams"),
            .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(name: "WorkerTests", dependencies: ["Worker", "Coordinator", "SweepStore", "SweepModel", "ReLUCore"]),
        // Real processes: builds and runs the `relusweep` binary.
        .testTarget(name: "EndToEndTests", dependencies: ["SweepModel", "SweepStore", "Worker",
            .product(name: "AsyncHTTPClient", package: "async-http-client")]),
    ]
)
