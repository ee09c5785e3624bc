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
        // Plain driver: extracts every HTML page of a JSONL corpus once and prints pages/s and MB/s.
        .executableTarget(
            name: "ExtractionThroughput",
            dependencies: [
                .product(name: "WiretraceExtraction", package: "wiretrace"),
                .product(name: "WiretraceIngest", package: "wiretrace"),
            ],
            path: "Sources/ExtractionThroughput"
        ),
        .executableTarget(
            name: "ExtractionBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "WiretraceExtraction", package: "wiretrace"),
                .product(name: "WiretraceIngest", package: "wiretrace"),
            ],
            path: "Benchmarks/ExtractionBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
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
        .executableTarget(
            name: "StoreBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "WiretraceDetection", package: "wiretrace"),
                .product(name: "WiretraceFingerprint", package: "wiretrace"),
                .product(name: "WiretraceIngest", package: "wiretrace"),
                .product(name: "WiretracePipeline", package: "wiretrace"),
                .product(name: "WiretraceStore", package: "wiretrace"),
            ],
            path: "Benchmarks/StoreBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
