import WiretraceDetection
import WiretraceFingerprint
import WiretraceIngest

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Batch ingestion: reads inputs, fingerprints articles and adds them to a store in batched write
/// transactions. A failed batch is rolled back whole; batches committed before it stay.
public struct Scanner {
    public let store: any DocumentStore
    public let reader: InputReader
    public let engine: StoryEngine
    /// Articles per write transaction.
    public var batchSize: Int
    /// Called now and then with the running summary (for a progress line).
    public var progress: ((ScanSummary) -> Void)?

    public init(store: any DocumentStore, reader: InputReader, batchSize: Int = 256) {
        self.store = store
        self.reader = reader
        self.engine = StoryEngine(fingerprinter: Fingerprinter(parameters: store.parameters), policy: store.policy)
        self.batchSize = batchSize
    }

    /// Scans `inputs` (files, directories, "-"). Throws only for store failures; bad records and
    /// unreadable inputs are counted in the summary.
    public func scan(_ inputs: [String]) throws -> ScanSummary {
        let clock = ContinuousClock()
        let start = clock.now
        var summary = ScanSummary()
        let expansion = reader.expand(inputs)
        summary.ignoredFiles = expansion.ignored
        for problem in expansion.problems { summary.record(problem) }
        var batch: [(Article, DocumentFingerprint)] = []
        var lastProgress = clock.now
        func flush() throws {
            guard !batch.isEmpty else { return }
            var events = EngineEvents()
            let outcomes = try store.write { session in
                let outcomes = try batch.map { article, fingerprint in
                    try engine.add(article, fingerprint: fingerprint, to: session, events: &events)
                }
                try engine.inferLineage(&events, store: session)
                return outcomes
            }
            for outcome in outcomes { summary.record(outcome) }
            summary.storiesMerged += events.storiesMerged
            summary.compilationsDetached += events.compilationsDetached
            batch.removeAll(keepingCapacity: true)
        }
        for file in expansion.files {
            try reader.read(file) { item in
                summary.pagesRead += 1
                switch item {
                case .ignored(let reason):
                    summary.pagesRead -= 1
                    summary.ignoredRecords[reason, default: 0] += 1
                case .skipped(let problem):
                    if problem.reason == "empty" && problem.location.line == nil { summary.pagesRead -= 1 }
                    summary.record(problem)
                case .article(let article):
                    let fingerprint = engine.fingerprinter.fingerprint(paragraphs: article.matchingParagraphs)
                    if fingerprint.isEmpty {
                        summary.record(IngestProblem("no-words", "the text has no words", at: article.location))
                        return
                    }
                    summary.textBytes += article.byteCount
                    batch.append((article, fingerprint))
                    if batch.count >= batchSize { try flush() }
                }
                if let progress, clock.now - lastProgress > .milliseconds(500) {
                    lastProgress = clock.now
                    var running = summary
                    running.seconds = Self.seconds(clock.now - start)
                    progress(running)
                }
            }
        }
        try flush()
        summary.seconds = Self.seconds(clock.now - start)
        return summary
    }

    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
