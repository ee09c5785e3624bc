// swift-tools-version:6.1
import PackageDescription

// libFuzzer targets for the parsers that read untrusted bytes. Not part of the root package's build; run them
// with `scripts/fuzz TARGET SECONDS`, which builds with `-Xswiftc -sanitize=fuzzer,address`.
//
// Each target defines `LLVMFuzzerTestOneInput` and is compiled as a library (`-parse-as-library`: no top-level
// code, no `main` of its own). SwiftPM links every executable with `--defsym main=<Target>_main`, so each target
// also defines that symbol, which starts libFuzzer's driver (`LLVMFuzzerRunDriver`).
let fuzzTargetSettings: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]

let package = Package(
    name: "WiretraceFuzz",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "wiretrace", path: "../")
    ],
    targets: [
        .target(name: "CLibFuzzer", path: "Sources/CLibFuzzer"),
        // The entry into libFuzzer's driver, an in-memory byte source and input-derived options.
        .target(
            name: "FuzzSupport",
            dependencies: ["CLibFuzzer", .product(name: "WiretraceIngest", package: "wiretrace")],
            path: "Sources/FuzzSupport"
        ),
        // HTML page → article: charset detection, libxml2 parsing, metadata, content selection, credits.
        .executableTarget(
            name: "FuzzHTMLExtractor",
            dependencies: [
                "FuzzSupport",
                .product(name: "WiretraceExtraction", package: "wiretrace"),
                .product(name: "WiretraceIngest", package: "wiretrace"),
            ],
            path: "Sources/FuzzHTMLExtractor",
            swiftSettings: fuzzTargetSettings
        ),
        // WARC files, plain or gzip: record framing, headers, HTTP payloads, damage recovery.
        .executableTarget(
            name: "FuzzWARCReader",
            dependencies: ["FuzzSupport", .product(name: "WiretraceIngest", package: "wiretrace")],
            path: "Sources/FuzzWARCReader",
            swiftSettings: fuzzTargetSettings
        ),
        // JSONL archives, plain or gzip: lines, JSON records, fields, and the HTML inside them.
        .executableTarget(
            name: "FuzzJSONLReader",
            dependencies: [
                "FuzzSupport",
                .product(name: "WiretraceExtraction", package: "wiretrace"),
                .product(name: "WiretraceIngest", package: "wiretrace"),
            ],
            path: "Sources/FuzzJSONLReader",
            swiftSettings: fuzzTargetSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
