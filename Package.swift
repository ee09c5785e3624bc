// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "wiretrace",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "wiretrace", targets: ["wiretrace"]),
        .library(name: "WiretraceFingerprint", targets: ["WiretraceFingerprint"]),
        .library(name: "WiretraceIngest", targets: ["WiretraceIngest"]),
        .library(name: "WiretraceExtraction", targets: ["WiretraceExtraction"]),
        .library(name: "WiretraceLineage", targets: ["WiretraceLineage"]),
        .library(name: "WiretraceDetection", targets: ["WiretraceDetection"]),
        .library(name: "WiretraceStore", targets: ["WiretraceStore"]),
        .library(name: "WiretracePipeline", targets: ["WiretracePipeline"]),
        .library(name: "WiretraceReports", targets: ["WiretraceReports"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CCrypto",
            path: "Sources/CCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        .systemLibrary(
            name: "CLibXML2",
            path: "Sources/CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(
            name: "CSQLite",
            path: "Sources/CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .target(name: "WiretraceFingerprint", dependencies: ["CCrypto"], path: "Sources/Fingerprint"),
        .target(name: "WiretraceIngest", dependencies: ["CZlib"], path: "Sources/Ingest"),
        .target(
            name: "WiretraceExtraction",
            dependencies: ["CLibXML2", "WiretraceIngest"],
            path: "Sources/Extraction"
        ),
        .target(name: "WiretraceLineage", dependencies: ["WiretraceIngest"], path: "Sources/Lineage"),
        .target(
            name: "WiretraceDetection",
            dependencies: ["WiretraceFingerprint", "WiretraceIngest", "WiretraceLineage"],
            path: "Sources/Detection"
        ),
        .target(
            name: "WiretraceStore",
            dependencies: [
                "CSQLite", "WiretraceDetection", "WiretraceLineage", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            path: "Sources/Store"
        ),
        .target(
            name: "WiretracePipeline",
            dependencies: ["WiretraceIngest", "WiretraceFingerprint", "WiretraceLineage", "WiretraceDetection"],
            path: "Sources/Pipeline"
        ),
        .target(
            name: "WiretraceReports",
            dependencies: ["WiretraceIngest", "WiretraceLineage", "WiretraceDetection", "WiretracePipeline"],
            path: "Sources/Reports"
        ),
        .executableTarget(
            name: "wiretrace",
            dependencies: [
                "WiretraceIngest", "WiretraceExtraction", "WiretraceDetection", "WiretraceStore", "WiretracePipeline",
                "WiretraceReports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/CLI"
        ),
        .testTarget(
            name: "WiretraceTests",
            dependencies: [
                "WiretraceFingerprint", "WiretraceIngest", "WiretraceExtraction", "WiretraceDetection",
                "WiretraceStore",
                "WiretracePipeline", "WiretraceReports", "wiretrace",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Tests/WiretraceTests"
        ),
    ],
    swiftLanguageModes: [.v6]
)
