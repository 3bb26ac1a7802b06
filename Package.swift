// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Stockcast",
    // Linux only: the daemon watches with inotify (libinotifytools) and reads /proc. SwiftPM has
    // no way to say so, so no Apple platform is listed.
    products: [
        .executable(name: "stockcast", targets: ["stockcast"]),
        .executable(name: "stockcast-bench", targets: ["stockcast-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // Listing traits replaces the default set, so the JSON file provider needs `.defaults`.
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0", traits: [.defaults]),
    ],
    targets: [
        // Debian's libinotifytools0-dev has no pkg-config file; the module map links it by name.
        .systemLibrary(
            name: "CInotifyTools",
            path: "Sources/CInotifyTools",
            providers: [.apt(["libinotifytools0-dev"])]
        ),
        // syncfs(2), which Swift's Glibc module leaves out: one flush for a run's outbox files.
        .target(name: "CSystemCalls"),
        .target(name: "StockcastCore", dependencies: ["CSystemCalls"]),
        // The numeric kernels, compiled for baseline x86-64, AVX2 and AVX-512 and chosen at run time
        // (STOCKCAST_KERNEL forces one), so that the binary runs on any x86-64 at the speed of the
        // CPU it finds.
        .target(name: "CNeuralKernels"),
        .target(name: "Neural", dependencies: ["CNeuralKernels"]),
        .target(name: "Forecasting", dependencies: ["Neural", "StockcastCore"]),
        .target(name: "Ingest", dependencies: ["StockcastCore"]),
        .target(name: "Planning", dependencies: ["StockcastCore"]),
        // The seed's synthetic data, for `stockcast generate`, `run --demo` and the benchmarks.
        .target(name: "Demo", dependencies: ["Neural", "StockcastCore"]),
        .target(
            name: "Store",
            dependencies: ["StockcastCore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // The dashboard's scripts are JavaScript files compiled into the binary (DashboardScript).
        .target(
            name: "Reports",
            dependencies: ["Planning", "StockcastCore"],
            resources: [
                .embedInCode("Dashboard/plan.js"), .embedInCode("Dashboard/overview.js"), .embedInCode("Dashboard/charts.js"),
                .embedInCode("Dashboard/page.js"),
            ]
        ),
        .target(
            name: "Daemon",
            dependencies: [
                "CInotifyTools", "Forecasting", "Ingest", "Neural", "Planning", "Reports", "StockcastCore", "Store",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "stockcast",
            dependencies: [
                "Daemon", "Demo", "Forecasting", "Ingest", "Planning", "Reports", "Store", "StockcastCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "stockcast-bench",
            // The daemon scenario runs the stockcast binary built next to it.
            dependencies: ["Demo", "Forecasting", "Ingest", "Neural", "Planning", "Reports", "StockcastCore", "stockcast"]
        ),

        // What the test targets share: scratch files, subprocesses, Node.js, a tiny model, seed-format data.
        .target(name: "StockcastTesting", dependencies: ["Forecasting", "StockcastCore"], path: "Tests/StockcastTesting"),
        .testTarget(name: "CInotifyToolsTests", dependencies: ["CInotifyTools"]),
        .testTarget(name: "StockcastCoreTests", dependencies: ["StockcastCore", "StockcastTesting"]),
        .testTarget(name: "NeuralTests", dependencies: ["Neural", "StockcastTesting"], exclude: ["Fixtures"]),
        .testTarget(name: "ForecastingTests", dependencies: ["Demo", "Forecasting", "StockcastCore", "StockcastTesting"]),
        .testTarget(name: "DemoTests", dependencies: ["Demo", "StockcastCore"]),
        .testTarget(name: "IngestTests", dependencies: ["Ingest", "StockcastCore", "StockcastTesting"], exclude: ["Fixtures"]),
        .testTarget(
            name: "StoreTests",
            dependencies: [
                "Store", "StockcastCore", "StockcastTesting",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        .testTarget(name: "PlanningTests", dependencies: ["Planning", "StockcastCore"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Planning", "StockcastCore", "StockcastTesting"]),
        .testTarget(
            name: "DaemonTests",
            dependencies: [
                "Daemon", "Forecasting", "Ingest", "Neural", "Planning", "Reports", "Store",
                "StockcastCore", "StockcastTesting",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        .testTarget(name: "stockcast-benchTests", dependencies: ["stockcast-bench", "Ingest", "StockcastCore", "StockcastTesting"]),
        // The crash harness reads the ledger (read-only SQLite) and checks model files itself.
        .testTarget(
            name: "stockcastTests",
            dependencies: [
                "stockcast", "StockcastCore", "StockcastTesting", "Neural", "Forecasting",
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
