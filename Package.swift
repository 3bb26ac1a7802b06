// swift-tools-version: 6.0
import PackageDescription

/// The numeric kernels need a CPU target: without one, SIMD fused multiply-adds lower to one
/// libm call per lane and training runs about 100× slower (`../shared/notes/matmul.md`). The
/// binary is therefore for the machine that builds it (or one with the same instruction set).
/// They are optimised in debug builds too: unoptimised SIMD code is some 1000× slower, which
/// would make every test that trains a model take minutes.
let numericKernels: [SwiftSetting] = [
    .unsafeFlags(["-target-cpu", "native"]),
    .unsafeFlags(["-O"], .when(configuration: .debug)),
]

let package = Package(
    name: "Stockcast",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "stockcast", targets: ["stockcast"]),
        .executable(name: "stockcast-bench", targets: ["stockcast-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // Debian's libinotifytools0-dev has no pkg-config file; the module map links it by name.
        .systemLibrary(
            name: "CInotifyTools",
            path: "Sources/CInotifyTools",
            providers: [.apt(["libinotifytools0-dev"])]
        ),
        .target(name: "StockcastCore"),
        .target(name: "Neural", swiftSettings: numericKernels),
        .target(name: "Forecasting", dependencies: ["Neural", "StockcastCore"]),
        .target(
            name: "Ingest",
            dependencies: ["StockcastCore"]
        ),
        .target(name: "Store", dependencies: ["Forecasting", "Neural", "StockcastCore"]),
        .target(name: "Planning", dependencies: ["StockcastCore"]),
        .target(name: "Reports", dependencies: ["Planning", "StockcastCore"]),
        .executableTarget(
            name: "stockcast",
            dependencies: [
                "Forecasting", "Ingest", "Store", "StockcastCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "stockcast-bench",
            dependencies: ["Forecasting", "Ingest", "Neural", "StockcastCore"]
        ),

        .testTarget(name: "CInotifyToolsTests", dependencies: ["CInotifyTools"]),
        .testTarget(name: "StockcastCoreTests", dependencies: ["StockcastCore"]),
        .testTarget(name: "NeuralTests", dependencies: ["Neural"], exclude: ["Fixtures"]),
        .testTarget(name: "ForecastingTests", dependencies: ["Forecasting", "StockcastCore"]),
        .testTarget(name: "IngestTests", dependencies: ["Ingest", "StockcastCore"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "Forecasting", "Neural"]),
        .testTarget(name: "PlanningTests", dependencies: ["Planning", "StockcastCore"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Planning", "StockcastCore"]),
        .testTarget(name: "stockcastTests", dependencies: ["stockcast", "StockcastCore"]),
    ],
    swiftLanguageModes: [.v6]
)
