import Benchmark
import Foundation
import WiretraceDetection
import WiretraceFingerprint
import WiretraceIngest
import WiretracePipeline
import WiretraceStore

/// Articles of the development corpus (clean text), or of the sample archive when ../shared is absent.
let articles: [Article] = {
    let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    let dev = here.appendingPathComponent("../../../../shared/corpus/dev/articles-text.jsonl.gz").standardized.path
    let sample = here.appendingPathComponent("../../../samples/sample-archive.jsonl").standardized.path
    let path = FileManager.default.fileExists(atPath: dev) ? dev : sample
    var found: [Article] = []
    try? InputReader().read(InputFile(path: path, format: .jsonl)) { item in
        if case .article(let article) = item { found.append(article) }
    }
    precondition(!found.isEmpty, "no articles at \(path)")
    return found
}()

let fingerprinter = Fingerprinter()
let fingerprints: [DocumentFingerprint] = articles.map { fingerprinter.fingerprint(paragraphs: $0.matchingParagraphs) }

/// Prefix of the temporary directories this process makes.
let temporaryPrefix = "wiretrace-bench-\(getpid())-"

/// A fresh database path in the temporary directory.
func temporaryDatabase(_ name: String) -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
        "\(temporaryPrefix)\(name)-\(UUID().uuidString)"
    )
    try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory.appendingPathComponent("bench.sqlite").path
}

func removeDatabase(_ path: String) {
    try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
}

/// Removes every temporary directory this process made (the filled database among them).
func removeTemporaryDatabases() {
    let temporary = FileManager.default.temporaryDirectory
    let names = (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? []
    for name in names where name.hasPrefix(temporaryPrefix) {
        try? FileManager.default.removeItem(at: temporary.appendingPathComponent(name))
    }
}

/// Adds `range` of the corpus to `store` in transactions of `batch` documents, as `scan`'s writer does.
func insert(_ range: Range<Int>, into store: SQLiteStore, batch: Int = 256) throws {
    let engine = StoryEngine(fingerprinter: fingerprinter, policy: store.policy)
    var start = range.lowerBound
    while start < range.upperBound {
        let end = min(start + batch, range.upperBound)
        try store.write { session in
            var events = EngineEvents()
            for index in start..<end {
                let fingerprint = fingerprints[index]
                guard !fingerprint.isEmpty else { continue }
                _ = try engine.add(articles[index], fingerprint: fingerprint, to: session, events: &events)
            }
            try engine.deferLineage(&events, store: session)
        }
        start = end
    }
}

/// A database holding the whole corpus, built once, for the query benchmarks.
let filledStore: SQLiteStore = {
    let path = temporaryDatabase("filled")
    let store = try! SQLiteStore(path: path, mode: .readWrite)
    try! insert(0..<articles.count, into: store)
    return store
}()

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        warmupIterations: 1,
        scalingFactor: .one,
        maxDuration: .seconds(5),
        maxIterations: 200
    )
    Benchmark.teardown = { removeTemporaryDatabases() }

    // One iteration: a new database, the first 1,000 corpus documents added in 256-document
    // transactions (match, verify, store, index). Documents/s = 1,000 × iterations/s.
    Benchmark("Store.insert1000", configuration: .init(maxIterations: 10)) { benchmark in
        let count = min(1000, articles.count)
        for _ in benchmark.scaledIterations {
            let path = temporaryDatabase("insert")
            let store = try SQLiteStore(path: path, mode: .readWrite)
            benchmark.startMeasurement()
            try insert(0..<count, into: store)
            benchmark.stopMeasurement()
            removeDatabase(path)
        }
    }

    // One iteration: LSH candidates (band-key lookups in SQLite) of 100 documents against the whole
    // corpus. Queries/s = 100 × iterations/s.
    Benchmark("LSH.query100") { benchmark in
        let store = filledStore
        let bucketLimit = store.policy.bucketLimit
        let queries = stride(from: 0, to: fingerprints.count, by: max(1, fingerprints.count / 100)).prefix(100)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            try store.read { session in
                for index in queries {
                    let buckets = try session.bandBuckets(fingerprints[index].bandKeys, after: 0, limit: bucketLimit)
                    blackHole(StoryEngine.hits(buckets, keys: fingerprints[index].bandKeys))
                }
            }
        }
    }

    // One iteration: the whole `check` of 100 corpus articles (fingerprint, exact and LSH lookups,
    // verification, story placement) against the whole corpus, warm. Checks/s = 100 × iterations/s.
    Benchmark("Check.article100") { benchmark in
        let checker = Checker(store: filledStore)
        let queries = stride(from: 0, to: articles.count, by: max(1, articles.count / 100)).prefix(100)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            for index in queries where !fingerprints[index].isEmpty {
                blackHole(try checker.check(articles[index], add: false))
            }
        }
    }
}
