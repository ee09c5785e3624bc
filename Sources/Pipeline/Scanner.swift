import Foundation
import WiretraceDetection
import WiretraceFingerprint
import WiretraceIngest
import WiretraceLineage

/// Batch ingestion on every core: one thread reads the inputs (I/O, decompression, splitting records),
/// worker threads decode and fingerprint records, and the calling thread adds them to the store in
/// batched write transactions, **in input order** — so the database is the same whatever the number
/// of threads or their timing.
///
/// Memory is bounded by configuration, not by input size: at most `chunksInFlight` chunks of records
/// are between the reader and the writer. A failed batch is rolled back whole; batches committed
/// before it stay, with how far each input file got, so that scanning again resumes where it stopped.
/// Lineage is inferred once per changed story at the end of the scan (stories are marked pending in
/// each batch, so an interrupted scan leaves nothing half-done).
public struct Scanner {
    public let store: any DocumentStore
    public let reader: InputReader
    public let engine: StoryEngine
    /// Articles per write transaction.
    public var batchSize: Int
    /// Threads decoding and fingerprinting records (besides the reader and the writer).
    public var workers: Int
    /// Records per chunk handed to a worker (each chunk is measured on one read snapshot). A chunk in
    /// flight holds its pages' candidates' fingerprints, measured ahead: with 64 records instead of 32
    /// the development corpus scans 2–4 % faster, but a 10^6-page scan peaked at 983 MiB instead of 736.
    public var chunkRecords = 32
    /// Bytes after which a chunk is handed over even if it holds fewer records.
    public var chunkBytes = 4 << 20
    /// Chunks read but not yet stored, at most.
    public var chunksInFlight: Int
    /// Most shingles fingerprinted per document; longer texts are skipped (they would be books, logs
    /// or concatenated archives, not articles).
    public var maxShingles: Int
    /// Nice levels the workers run below the writer (Linux; 0 keeps every thread at the caller's
    /// priority). The writer is the one ordered stage: given the CPU first when it has work, it keeps up
    /// with the workers, and both cores stay busy (the development corpus scans 5–7 % faster with 4).
    /// The cost is on a busy machine: workers yield to other processes too.
    public var workerNiceness: Int32 = 4
    /// Called now and then with the running summary (for a progress line).
    public var progress: ((ScanSummary) -> Void)?

    public init(
        store: any DocumentStore,
        reader: InputReader,
        batchSize: Int = 8192,
        workers: Int = ProcessInfo.processInfo.activeProcessorCount,
        maxShingles: Int = 200_000
    ) {
        self.store = store
        self.reader = reader
        self.engine = StoryEngine(fingerprinter: Fingerprinter(parameters: store.parameters), policy: store.policy)
        self.batchSize = max(1, batchSize)
        self.workers = max(1, workers)
        self.chunksInFlight = 4 * max(1, workers)
        self.maxShingles = maxShingles
    }

    /// A record ready for the writer.
    enum Prepared: Sendable {
        case article(Article, DocumentFingerprint, ComparableText, CreditClaim, PrecomputedEvidence?)
        case other(IngestItem)
        case problem(IngestProblem)
    }

    /// What flows from the reader through the workers to the writer.
    enum Work: Sendable {
        /// Records `first…` of file `file`.
        case records(file: Int, first: Int, [RecordUnit])
        /// The end of file `file`, which held `records` records.
        case fileEnd(file: Int, records: Int)
    }

    enum Done: Sendable {
        case records(file: Int, first: Int, [Prepared])
        case fileEnd(file: Int, records: Int)
    }

    /// Scans `inputs` (files, directories, "-"). Throws only for store failures; bad records and
    /// unreadable inputs are counted in the summary.
    public func scan(_ inputs: [String]) throws -> ScanSummary {
        try scan(reader.expansion(of: inputs))
    }

    /// Scans the files of an expansion of the inputs (``InputReader/expansion(of:)``), counting its
    /// problems as the summary's.
    public func scan(_ expansion: InputExpansion) throws -> ScanSummary {
        let clock = ContinuousClock()
        let start = clock.now
        var summary = ScanSummary()
        summary.ignoredFiles = expansion.ignored
        for problem in expansion.problems { summary.record(problem) }
        let files = expansion.files
        let identities = files.map { Self.identity(of: $0.path) }

        // Where an earlier, interrupted scan of the same unchanged files stopped.
        var skip = [Int](repeating: 0, count: files.count)
        try store.write { session in
            for (index, identity) in identities.enumerated() {
                guard let identity, let done = try session.scanProgress(of: identity) else { continue }
                skip[index] = done.complete ? -1 : done.records
                summary.resumedFiles += done.complete ? 1 : 0
                summary.resumedRecords += done.records
                summary.unchangedRecords += done.complete ? done.records : 0
            }
        }

        let queue = OrderedWorkQueue<Work, Done>(capacity: chunksInFlight)
        let threads = DispatchGroup()
        let readerSkip = skip
        let reader = self.reader
        let chunkRecords = self.chunkRecords
        let chunkBytes = self.chunkBytes
        threads.enter()
        Thread.detachNewThread {
            defer {
                queue.finish()
                threads.leave()
            }
            Self.read(files, skip: readerSkip, with: reader, into: queue, records: chunkRecords, bytes: chunkBytes)
        }
        let engine = self.engine
        let store = self.store
        let maxShingles = self.maxShingles
        let workerNiceness = self.workerNiceness
        for worker in 0..<workers {
            threads.enter()
            Thread.detachNewThread {
                defer { threads.leave() }
                Self.lowerPriority(by: workerNiceness)
                queue.work(worker: worker) { work in
                    Self.prepare(work, reader: reader, engine: engine, store: store, maxShingles: maxShingles)
                }
            }
        }
        defer {
            queue.cancel()
            threads.wait()
        }

        // The writer: input order, each document matched and stored as it arrives (so that workers and
        // writer run side by side), committed every `batchSize` documents with the progress they make.
        var seen = [Int](repeating: 0, count: files.count)
        var ended = [Bool](repeating: false, count: files.count)
        // A skipped record is not stored: progress stops before it, so that scanning again (perhaps with
        // other limits) reads it again.
        var firstSkipped = [Int?](repeating: nil, count: files.count)
        var touched = Set<Int>()
        var lastProgress = clock.now
        var uncommitted: [AddOutcome] = []
        var events = EngineEvents()
        try store.writeInTransactions(expectedDocuments: Self.expectedDocuments(files, skip: skip)) { session, commit in
            // Candidate searches that workers made on older snapshots are completed from memory.
            let recent = RecentPostings(newestDocument: try session.newestDocument(), capacity: batchSize + 4096)
            func flush() throws {
                guard !uncommitted.isEmpty || !touched.isEmpty else { return }
                try engine.deferLineage(&events, store: session)
                for file in touched.sorted() {
                    guard let identity = identities[file] else { continue }
                    try session.recordScanProgress(
                        ScanProgress(
                            records: min(seen[file], firstSkipped[file] ?? seen[file]),
                            complete: ended[file] && firstSkipped[file] == nil
                        ),
                        of: identity
                    )
                }
                try commit()
                for outcome in uncommitted { summary.record(outcome) }
                summary.storiesMerged += events.storiesMerged
                summary.compilationsDetached += events.compilationsDetached
                events = EngineEvents()
                uncommitted.removeAll(keepingCapacity: true)
                touched.removeAll()
            }
            while let done = queue.next() {
                switch done {
                case .fileEnd(let file, let records):
                    seen[file] = records
                    ended[file] = true
                    touched.insert(file)
                case .records(let file, let first, let prepared):
                    touched.insert(file)
                    for (offset, item) in prepared.enumerated() {
                        // Progress counts a record once it is stored (or needs no storing).
                        seen[file] = first + offset + 1
                        summary.pagesRead += 1
                        switch item {
                        case .other(.ignored(let reason)):
                            summary.pagesRead -= 1
                            summary.ignoredRecords[reason, default: 0] += 1
                        case .other(.skipped(let problem)), .problem(let problem):
                            if problem.reason == "empty" && problem.location.line == nil { summary.pagesRead -= 1 }
                            summary.record(problem)
                            if firstSkipped[file] == nil { firstSkipped[file] = first + offset }
                        case .other(.article):
                            break
                        case .article(let article, let fingerprint, let text, let claim, let evidence):
                            summary.textBytes += article.byteCount
                            uncommitted.append(
                                try engine.add(
                                    article,
                                    fingerprint: fingerprint,
                                    text: text,
                                    evidence: evidence,
                                    claim: claim,
                                    recent: recent,
                                    to: session,
                                    events: &events
                                )
                            )
                            if uncommitted.count >= batchSize { try flush() }
                        }
                    }
                }
                if let progress, clock.now - lastProgress > .milliseconds(500) {
                    lastProgress = clock.now
                    var running = summary
                    running.seconds = Self.seconds(clock.now - start)
                    progress(running)
                }
                // Released by the worker that made it, not here (``OrderedWorkQueue/retire(_:)``).
                queue.retire(consume done)
            }
            try flush()
        }

        // Lineage, once per story changed by this scan (or left pending by an interrupted one). Everything
        // is committed by now, so the stories are inferred on every core from read snapshots, while this
        // thread stores the lineages already inferred, in story order: the same database whatever the
        // number of workers.
        // Meanwhile the log written so far is copied into the database file on a thread of its own
        // (readers are not held up; the writer waits for it), so that closing has little left to copy.
        // It is only a head start: if it fails, closing copies everything as before.
        let checkpointed = DispatchGroup()
        DispatchQueue.global().async(group: checkpointed) { [store] in try? store.checkpoint() }
        defer { checkpointed.wait() }
        while true {
            let stories = try store.read { session in try session.pendingLineage(limit: Self.lineageRound) }
            if stories.isEmpty { break }
            try Self.inferAndStoreLineages(of: stories, engine: engine, store: store, threads: workers)
            summary.lineageInferred += stories.count
        }
        summary.seconds = Self.seconds(clock.now - start)
        return summary
    }

    /// Lowers the calling thread's scheduling priority by `steps` nice levels (at most to 19). On Linux
    /// nice values belong to threads, and `who` 0 is the calling thread; elsewhere nothing is done, since
    /// the same call would lower the whole process.
    static func lowerPriority(by steps: Int32) {
        #if os(Linux)
        guard steps > 0 else { return }
        let which = __priority_which_t(PRIO_PROCESS.rawValue)
        errno = 0
        let current = getpriority(which, 0)
        guard errno == 0 else { return }
        _ = setpriority(which, 0, min(19, current + steps))
        #endif
    }

    /// A rough count of the documents that reading `files` will give (those not finished already): their
    /// bytes (five times that for gzip files) over 8 KiB, a small page's record; nil when one of them is
    /// read from standard input.
    static func expectedDocuments(_ files: [InputFile], skip: [Int]) -> Int? {
        var bytes = 0
        for (file, skipped) in zip(files, skip) where skipped >= 0 {
            guard file.path != "-" else { return nil }
            var info = stat()
            if stat(file.path, &info) == 0 { bytes += Int(info.st_size) * (file.path.hasSuffix(".gz") ? 5 : 1) }
        }
        return bytes / 8192
    }

    /// Pending stories read at a time for lineage: their identifiers are held in memory.
    static let lineageRound = 8192
    /// Lineages stored per write transaction.
    static let lineagesPerTransaction = 256

    /// Infers the lineages of `stories` on `threads` threads from read snapshots and stores them, in the
    /// order of `stories`, on the calling thread as they come; the first error any thread met is thrown.
    /// At most ``LineageQueue/window`` lineages wait to be stored. Inference reads members, texts and
    /// crawl statistics, which storing lineage does not change, so the result does not depend on timing.
    static func inferAndStoreLineages(
        of stories: [StoryID],
        engine: StoryEngine,
        store: any DocumentStore,
        threads: Int
    ) throws {
        let queue = LineageQueue(count: stories.count)
        let inferring = DispatchGroup()
        for _ in 0..<max(1, min(threads, stories.count)) {
            inferring.enter()
            Thread.detachNewThread {
                defer { inferring.leave() }
                do {
                    try store.read { session in
                        // Nothing that inference reads is stored meanwhile: the crawl statistics are read once.
                        let delays = try session.crawlDelays()
                        while let index = queue.claim() {
                            queue.deliver(
                                try engine.lineage(of: stories[index], store: session, delays: delays),
                                at: index
                            )
                        }
                    }
                } catch {
                    queue.fail(error)
                }
            }
        }
        defer {
            queue.cancel()
            inferring.wait()
        }
        var first = 0
        var lineages: [StoryLineage?] = []
        while first < stories.count {
            let end = min(first + lineagesPerTransaction, stories.count)
            lineages.removeAll(keepingCapacity: true)
            for _ in first..<end { lineages.append(try queue.take()) }
            try store.write { session in
                try engine.storePendingLineage(Array(stories[first..<end]), lineages: lineages, store: session)
            }
            first = end
        }
    }

    /// The reader thread: splits inputs into chunks of records, skipping what is stored already.
    static func read(
        _ files: [InputFile],
        skip: [Int],
        with reader: InputReader,
        into queue: OrderedWorkQueue<Work, Done>,
        records chunkRecords: Int,
        bytes chunkBytes: Int
    ) {
        struct Cancelled: Error {}
        for (index, file) in files.enumerated() where skip[index] >= 0 {
            var chunk: [RecordUnit] = []
            var chunkSize = 0
            var first = 0
            var count = 0
            do {
                try reader.readUnits(file) { unit in
                    defer { count += 1 }
                    if count < skip[index] {
                        first = count + 1
                        return
                    }
                    chunk.append(unit)
                    chunkSize += unit.byteCount
                    if chunk.count >= chunkRecords || chunkSize >= chunkBytes {
                        guard queue.submit(.records(file: index, first: first, chunk)) else { throw Cancelled() }
                        first = count + 1
                        chunk = []
                        chunkSize = 0
                    }
                }
                if !chunk.isEmpty {
                    guard queue.submit(.records(file: index, first: first, chunk)) else { return }
                }
                guard queue.submit(.fileEnd(file: index, records: count)) else { return }
            } catch {
                return
            }
        }
    }

    /// A worker's job: decode, fingerprint, and measure each article against the candidates the
    /// database already holds (the writer measures only what is newer, or where boilerplate applies).
    static func prepare(
        _ work: Work,
        reader: InputReader,
        engine: StoryEngine,
        store: any DocumentStore,
        maxShingles: Int
    ) -> Done {
        switch work {
        case .fileEnd(let file, let records):
            return .fileEnd(file: file, records: records)
        case .records(let file, let first, let units):
            var prepared = units.map { unit -> Prepared in
                switch reader.decode(unit) {
                case .article(let article):
                    let fingerprint = engine.fingerprinter.fingerprint(paragraphs: article.matchingParagraphs)
                    if fingerprint.isEmpty {
                        return .problem(IngestProblem("no-words", "the text has no words", at: article.location))
                    }
                    if fingerprint.shingles.count > maxShingles {
                        return .problem(
                            IngestProblem(
                                "too-long",
                                "text of \(fingerprint.shingles.count) shingles is over the limit of \(maxShingles)",
                                at: article.location
                            )
                        )
                    }
                    return .article(
                        article,
                        fingerprint,
                        ComparableText(fingerprint),
                        LineageMembers.claim(of: article),
                        nil
                    )
                case let other:
                    return .other(other)
                }
            }
            // One read snapshot for the chunk; if it cannot be had, the writer measures everything.
            try? store.read { session in
                for index in prepared.indices {
                    guard case .article(let article, let fingerprint, let text, let claim, _) = prepared[index] else {
                        continue
                    }
                    let evidence = try engine.precomputeEvidence(
                        text,
                        fingerprint: fingerprint,
                        urlKey: article.urlKey,
                        store: session
                    )
                    prepared[index] = .article(article, fingerprint, text, claim, evidence)
                }
            }
            return .records(file: file, first: first, prepared)
        }
    }

    /// Path, size and modification time of a regular file; nil for standard input and the unreadable.
    static func identity(of path: String) -> InputIdentity? {
        guard path != "-" else { return nil }
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        var absolute = path
        if let resolved = realpath(path, nil) {
            absolute = String(cString: resolved)
            free(resolved)
        }
        #if canImport(Darwin)
        let modified = Int64(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(info.st_mtimespec.tv_nsec)
        #else
        let modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        #endif
        return InputIdentity(path: absolute, size: Int64(info.st_size), modified: modified)
    }

    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

/// Lineages inferred by several threads and taken in story order by the one that stores them: each
/// inferring thread claims the next story, at most ``window`` ahead of the next one taken, until all are
/// claimed, one thread failed or the queue is cancelled.
private final class LineageQueue: @unchecked Sendable {
    /// Stories inferred ahead of the one stored next, at most.
    static let window = 1024

    private let condition = NSCondition()
    private let count: Int
    /// Inferred lineages by story index modulo ``window``; nil while not inferred (a story without a
    /// lineage is `.some(nil)`).
    private var slots: [StoryLineage??]
    private var next = 0
    private var taken = 0
    private var error: (any Error)?
    private var cancelled = false

    init(count: Int) {
        self.count = count
        slots = Array(repeating: nil, count: Self.window)
    }

    /// The index of the next story to infer, waiting while ``window`` stories wait to be taken; nil when
    /// none is left, a thread failed or the queue was cancelled.
    func claim() -> Int? {
        condition.withLock {
            while error == nil, !cancelled, next < count, next - taken >= Self.window { condition.wait() }
            guard error == nil, !cancelled, next < count else { return nil }
            defer { next += 1 }
            return next
        }
    }

    func deliver(_ lineage: StoryLineage?, at index: Int) {
        condition.withLock {
            slots[index % Self.window] = .some(lineage)
            condition.broadcast()
        }
    }

    func fail(_ failure: any Error) {
        condition.withLock {
            if error == nil { error = failure }
            condition.broadcast()
        }
    }

    /// Stops handing out stories.
    func cancel() {
        condition.withLock {
            cancelled = true
            condition.broadcast()
        }
    }

    /// The lineage of the next story in order, waiting until it is inferred; throws the first failure.
    func take() throws -> StoryLineage? {
        try condition.withLock {
            let slot = taken % Self.window
            while error == nil, slots[slot] == nil { condition.wait() }
            if let error { throw error }
            let lineage = slots[slot]!
            slots[slot] = nil
            taken += 1
            condition.broadcast()
            return lineage
        }
    }
}
