import Foundation
import Testing

/// A fresh temporary directory, removed when the value is released.
final class TemporaryDirectory {
    let path: String

    init() {
        let base = FileManager.default.temporaryDirectory.path
        path = base + "/wiretrace-test-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes `contents` to `name` inside the directory and returns the full path.
    @discardableResult
    func write(_ name: String, _ contents: String) -> String {
        write(name, Data(contents.utf8))
    }

    @discardableResult
    func write(_ name: String, _ data: Data) -> String {
        let full = path + "/" + name
        let folder = (full as NSString).deletingLastPathComponent
        try! FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        precondition(FileManager.default.createFile(atPath: full, contents: data), "could not write \(full)")
        return full
    }

    func file(_ name: String) -> String { path + "/" + name }
}

/// The repository root (for the sample archive) and shared corpus paths.
enum Repository {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static var sampleArchive: String { root + "/samples/sample-archive.jsonl" }
    static var sampleTruth: String { root + "/samples/expected.jsonl" }
    /// Files the tests read (`Tests/Fixtures`, in the repository: the tests need nothing beside it).
    static var fixtures: String { root + "/Tests/Fixtures" }
}

/// gzip-compresses `data` with the system gzip tool (tests only).
func gzipped(_ data: Data) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/gzip")
    process.arguments = ["-c", "-n"]
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    input.fileHandleForWriting.write(data)
    try input.fileHandleForWriting.close()
    let result = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return result
}

/// A paragraph of `count` distinct words, deterministic for `seed` (for tests that need long text).
func words(_ count: Int, seed: String) -> String {
    (0..<count).map { "\(seed)\($0)" }.joined(separator: " ")
}

/// SplitMix64: a small seeded generator for reproducible shuffles and mutations.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
