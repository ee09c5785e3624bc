// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "WiretraceBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "wiretrace", path: "../"),
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Plain driver: fingerprints a whole corpus once and prints MB/s (also handy under perf).
        .executableTarget(
            name: "FingerprintThroughput",
            dependencies: [
                .product(name: "WiretraceFingerprint", package: "wiretrace"),
                .product(name: "WiretraceIngest", package: "wiretrace"),
            ],
            path: "Sources/FingerprintThroughput"
        ),
        .executableTarget(
            name: "FingerprintBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "WiretraceFingerprint", package: "wiretrace"),
                .product(name: "WiretraceIngest", package: "wiretrace"),
            ],
            path: "Benchmarks/FingerprintBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
