import Foundation
import GRDB
import Testing
import WiretraceDetection
import WiretraceExtraction
import WiretraceFingerprint
import WiretraceIngest
import WiretracePipeline

@testable import WiretraceStore

@Suite("Parallel scanning", .serialized)
struct ScanTests {
    let directory = TemporaryDirectory()

    func export(_ db: String) throws -> String {
        let run = try CLI.run(["export", "--db", db])
        #expect(run.status == 0, "\(run.stderr)")
        return run.stdout
    }

    /// Writes the sample archive's first 1/`divisor` of records to `firstName` and the rest to
    /// `secondName` (in the test directory); returns both paths.
    func splitSampleArchive(
        atFraction divisor: Int,
        into firstName: String,
        _ secondName: String
    ) throws -> (String, String) {
        let lines = try String(contentsOfFile: Repository.sampleArchive, encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: true)
        let first = directory.file(firstName)
        let second = directory.file(secondName)
        let cut = lines.count / divisor
        try (lines.prefix(cut).joined(separator: "\n") + "\n").write(toFile: first, atomically: true, encoding: .utf8)
        try (lines.dropFirst(cut).joined(separator: "\n") + "\n").write(
            toFile: second,
            atomically: true,
            encoding: .utf8
        )
        return (first, second)
    }

    @Test("the database does not depend on the number of threads or the batch size")
    func deterministic() throws {
        let one = directory.file("one.sqlite")
        let many = directory.file("many.sqlite")
        let a = try CLI.run(["scan", "--db", one, "--workers", "1", "--batch-size", "1", Repository.sampleArchive])
        let b = try CLI.run(["scan", "--db", many, "--workers", "4", "--batch-size", "7", Repository.sampleArchive])
        #expect(a.status == 0 && b.status == 0, "\(a.stderr) \(b.stderr)")
        #expect(try export(one) == export(many))
    }

    @Test("recent band keys merged into the main index every few documents give the same database")
    func bandKeyMerges() throws {
        let reference = directory.file("unmerged.sqlite")
        #expect(try CLI.run(["scan", "--db", reference, "--batch-size", "16", Repository.sampleArchive]).status == 0)
        let path = directory.file("merged.sqlite")
        let store = try SQLiteStore(path: path, mode: .readWrite, bandKeyMergeInterval: 10)
        var scanner = Scanner(store: store, reader: InputReader(htmlDecoder: ArticleExtractor()))
        scanner.batchSize = 16
        let summary = try scanner.scan([Repository.sampleArchive])
        #expect(summary.newDocuments > 30)
        let (merged, recent) = try store.bandKeyDocuments()
        // Merged at commits: most documents' keys are in the main index, the last few in the recent one.
        #expect(merged >= summary.newDocuments - 16 && merged + recent == summary.newDocuments)
        #expect(try export(path) == export(reference))
    }

    @Test("a scan into an indexed database builds its indexes' key filters and gives the same database")
    func bandKeyFiltersBuilt() throws {
        let (first, second) = try splitSampleArchive(atFraction: 2, into: "first.jsonl", "second.jsonl")
        let reference = directory.file("whole.sqlite")
        #expect(try CLI.run(["scan", "--db", reference, "--batch-size", "16", first, second]).status == 0)

        let path = directory.file("twice.sqlite")
        for (input, interval) in [(first, 10), (second, 1_000_000)] {
            // A new store each time, as a new process would open: the second builds the filters from
            // the index the first merged, and merges nothing itself.
            let store = try SQLiteStore(path: path, mode: .readWrite, bandKeyMergeInterval: interval)
            var scanner = Scanner(store: store, reader: InputReader(htmlDecoder: ArticleExtractor()))
            scanner.batchSize = 16
            #expect(try scanner.scan([input]).newDocuments > 30)
            if input == second {
                #expect(store.bandKeyFilters.lookupsSkipped > 0)
                #expect(store.passageFilters.lookupsSkipped > 0)
                #expect(try store.bandKeyDocuments().merged > 30)
            }
        }
        #expect(try export(path) == export(reference))
    }

    @Test("the filter of recent band keys saves lookups and gives the same database, from an empty table or not")
    func recentBandKeyFilter() throws {
        let (first, second) = try splitSampleArchive(
            atFraction: 3,
            into: "recent-first.jsonl",
            "recent-second.jsonl"
        )
        // Two scans each: the first merges nothing, so the second starts with a full recent table (the
        // filter waits for its first merge); batches of 8 documents and few records in flight, so that
        // workers search snapshots with recent keys.
        func scan(_ name: String, filtering: Bool) throws -> (export: String, skipped: Int) {
            let path = directory.file(name)
            var skipped = 0
            for (input, interval) in [(first, 1_000_000), (second, 30)] {
                let store = try SQLiteStore(
                    path: path,
                    mode: .readWrite,
                    bandKeyMergeInterval: interval,
                    filtersRecentBandKeys: filtering
                )
                var scanner = Scanner(store: store, reader: InputReader(htmlDecoder: ArticleExtractor()))
                scanner.batchSize = 8
                scanner.workers = 2
                scanner.chunkRecords = 2
                scanner.chunksInFlight = 2
                #expect(try scanner.scan([input]).newDocuments > 20)
                skipped += store.recentBandKeys?.lookupsSkipped ?? 0
            }
            return (try export(path), skipped)
        }
        let plain = try scan("recent-plain.sqlite", filtering: false)
        let filtered = try scan("recent-filtered.sqlite", filtering: true)
        #expect(plain.skipped == 0)
        #expect(filtered.skipped > 100)
        #expect(filtered.export == plain.export)
    }

    @Test("with the filter of recent band keys, searches in a long job find what searches without it find")
    func recentBandKeySearches() throws {
        let path = directory.file("recent-search.sqlite")
        let store = try SQLiteStore(path: path, mode: .readWrite, bandKeyMergeInterval: 5)
        let plain = try SQLiteStore(path: path, mode: .readWrite, filtersRecentBandKeys: false)
        let engine = StoryEngine(fingerprinter: Fingerprinter(parameters: store.parameters), policy: store.policy)
        var events = EngineEvents()
        var keys: [Int64] = (0..<50).map { Int64($0) * 7_919 }  // keys no document has
        var compared = 0
        try store.writeInTransactions { session, commit in
            for number in 0..<14 {
                // Copies of three stories: documents share band keys with earlier ones.
                let paragraphs = Texts.edited(Texts.story("recent\(number % 3)")) + ["Note \(number) on the copy."]
                let fingerprint = engine.fingerprinter.fingerprint(paragraphs: paragraphs)
                let article = Article(url: "https://site\(number).example/story", paragraphs: paragraphs)
                _ = try engine.add(article, fingerprint: fingerprint, to: session, events: &events)
                keys += fingerprint.bandKeys
                if number % 2 == 1 {
                    try commit()
                    let filtered = try store.read { try $0.bandBuckets(keys, after: 0, limit: 100) }
                    let reference = try plain.read { try $0.bandBuckets(keys, after: 0, limit: 100) }
                    #expect(filtered.map { $0 ?? [] } == reference.map { $0 ?? [] }, "after document \(number)")
                    compared += 1
                }
            }
        }
        #expect(compared == 7)
        #expect(try store.bandKeyDocuments().merged >= 10)  // merges happened between the searches
        #expect(store.recentBandKeys?.lookupsSkipped ?? 0 > 100)
        #expect(plain.recentBandKeys?.lookupsSkipped == nil)
    }

    @Test(
        "band keys held back to each commit give the rows of keys inserted document by document",
        arguments: [1, 16, 1_000]
    )
    func heldBackBandKeys(batchSize: Int) throws {
        // Never merged, then merged every few documents: both index tables compared.
        for interval in [1_000_000, 10] {
            func rows(holdingBack: Bool) throws -> [[Int64]] {
                let path = directory.file("keys-\(holdingBack)-\(batchSize)-\(interval).sqlite")
                let store = try SQLiteStore(
                    path: path,
                    mode: .readWrite,
                    bandKeyMergeInterval: interval,
                    holdsBackBandKeys: holdingBack
                )
                var scanner = Scanner(store: store, reader: InputReader(htmlDecoder: ArticleExtractor()))
                scanner.batchSize = batchSize
                #expect(try scanner.scan([Repository.sampleArchive]).newDocuments > 30)
                let queue = try DatabaseQueue(path: path)
                return try queue.read { db in
                    try ["lsh_bands", "lsh_bands_recent"].map { table in
                        try Row.fetchAll(db, sql: "SELECT band_key, document_id FROM \(table) ORDER BY 1, 2")
                            .flatMap { row -> [Int64] in [row[0], row[1]] }
                    }
                }
            }
            let immediate = try rows(holdingBack: false)
            #expect(immediate.reduce(0) { $0 + $1.count } > 1_000)
            #expect(try rows(holdingBack: true) == immediate)
        }
    }

    @Test("passages found in the recent table and in the merged index are the same")
    func passageMerges() throws {
        // Merged at every commit, or never (everything stays in the recent table).
        func scanned(_ name: String, interval: Int) throws -> SQLiteStore {
            let store = try SQLiteStore(path: directory.file(name), mode: .readWrite, bandKeyMergeInterval: interval)
            var scanner = Scanner(store: store, reader: InputReader(htmlDecoder: ArticleExtractor()))
            scanner.batchSize = 16
            _ = try scanner.scan([Repository.sampleArchive])
            return store
        }
        let merged = try scanned("passages-merged.sqlite", interval: 1)
        let recent = try scanned("passages-recent.sqlite", interval: 1_000_000)
        func hashes(_ table: String, _ store: SQLiteStore) throws -> [UInt64] {
            let queue = try DatabaseQueue(path: store.path)
            defer { try? queue.close() }
            return try queue.read { db in
                try Int64.fetchAll(db, sql: "SELECT DISTINCT passage_hash FROM \(table) ORDER BY 1")
            }.map { UInt64(bitPattern: $0) }
        }
        let all = try hashes("passages", merged)
        #expect(all.count > 100)
        #expect(try hashes("passages_recent", merged).isEmpty)
        #expect(try hashes("passages", recent).isEmpty)
        #expect(try hashes("passages_recent", recent) == all)
        let fromMerged = try merged.read { try $0.passageClusters(all, limit: 64) }
        let fromRecent = try recent.read { try $0.passageClusters(all, limit: 64) }
        #expect(fromMerged.count == all.count)
        #expect(fromMerged.values.contains { $0.count > 1 })  // passages shared across stories
        #expect(fromRecent == fromMerged)
    }

    @Test(
        "searches workers made on older snapshots, completed by the writer, equal fresh searches",
        arguments: [0, 2, 16]
    )
    func completedSearches(commonKeySample: Int) throws {
        // Buckets of at most 3 documents: keys that were rare in a worker's snapshot become too common
        // by the time the writer stores the document, and must then count only their newest documents
        // (or none).
        var policy = MatchPolicy()
        policy.bucketLimit = 3
        policy.commonKeySample = commonKeySample
        let freshPath = directory.file("fresh-\(commonKeySample).sqlite")
        let fresh = try SQLiteStore(path: freshPath, mode: .readWrite, requestedPolicy: policy)
        let engine = StoryEngine(fingerprinter: Fingerprinter(parameters: fresh.parameters), policy: fresh.policy)
        var events = EngineEvents()
        var articles: [Article] = []
        try InputReader(htmlDecoder: ArticleExtractor()).read(
            InputFile(path: Repository.sampleArchive, format: .jsonl)
        ) { item in
            if case .article(let article) = item { articles.append(article) }
        }
        for article in articles {
            let fingerprint = engine.fingerprinter.fingerprint(paragraphs: article.matchingParagraphs)
            guard !fingerprint.isEmpty else { continue }
            try fresh.write { session in
                _ = try engine.add(article, fingerprint: fingerprint, to: session, events: &events)
                try engine.inferLineage(&events, store: session)
            }
        }
        let scannedPath = directory.file("scanned-\(commonKeySample).sqlite")
        var scanner = Scanner(
            store: try SQLiteStore(path: scannedPath, mode: .readWrite, requestedPolicy: policy),
            reader: InputReader(htmlDecoder: ArticleExtractor()),
            batchSize: 16,
            workers: 2
        )
        scanner.chunkRecords = 8
        let summary = try scanner.scan([Repository.sampleArchive])
        #expect(summary.newDocuments > 30)
        #expect(try export(scannedPath) == export(freshPath))
    }

    @Test("an interrupted scan resumes after the last stored record and infers pending lineage")
    func resume() throws {
        let path = directory.file("resume.sqlite")
        let lines = try String(contentsOfFile: Repository.sampleArchive, encoding: .utf8).split(separator: "\n")
        let input = directory.write("archive.jsonl", lines.joined(separator: "\n") + "\n")
        let reference = directory.file("reference.sqlite")
        #expect(try CLI.run(["scan", "--db", reference, input]).status == 0)

        // What an interrupted scan leaves: the first 30 records stored, progress committed with them, and
        // the lineage of their stories pending.
        let store = try SQLiteStore(path: path, mode: .readWrite)
        let partial = directory.write("first30.jsonl", lines.prefix(30).joined(separator: "\n") + "\n")
        let scanner = Scanner(store: store, reader: InputReader(htmlDecoder: ArticleExtractor()))
        _ = try scanner.scan([partial])
        let stories = try store.read { session in try session.statistics().stories }
        try store.write { session in
            try session.markLineagePending((1...Int64(max(1, stories))).map { $0 })
            var info = stat()
            stat(input, &info)
            let identity = InputIdentity(
                path: String(cString: realpath(input, nil)),
                size: Int64(info.st_size),
                modified: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
            )
            try session.recordScanProgress(ScanProgress(records: 30, complete: false), of: identity)
        }
        #expect(try store.read { try $0.pendingLineageCount() } == stories)

        let summary = try scanner.scan([input])
        #expect(summary.resumedRecords == 30)
        #expect(summary.pagesRead == lines.count - 30)
        #expect(summary.newDocuments + summary.alreadyStored == lines.count - 30)
        #expect(summary.lineageInferred >= stories)
        #expect(try store.read { try $0.pendingLineageCount() } == 0)
        #expect(try export(path) == export(reference))
    }

    @Test("limits: too many paragraphs or shingles skip the page with a reason")
    func limits() throws {
        let db = directory.file("limits.sqlite")
        let long = (0..<12).map { words(30, seed: "para\($0)w") }.joined(separator: "\n\n")
        let record = String(
            decoding: try JSONSerialization.data(withJSONObject: ["url": "https://long.example/a", "text": long]),
            as: UTF8.self
        )
        let file = directory.write("long.jsonl", record + "\n")
        let paragraphs = try CLI.run(["scan", "--db", db, "--max-paragraphs", "5", "--json", file])
        #expect(paragraphs.status == 65)
        #expect(paragraphs.stdout.contains("too-many-paragraphs"))
        let shingles = try CLI.run(["scan", "--db", db, "--max-shingles", "100", "--json", file])
        #expect(shingles.status == 65)
        #expect(shingles.stdout.contains("too-long"))
        let fine = try CLI.run(["scan", "--db", db, "--json", file])
        #expect(fine.status == 0)
        #expect(fine.stdout.contains("\"new_documents\":1"))
    }
}

@Suite("Scan robustness", .serialized)
struct ScanRobustnessTests {
    let directory = TemporaryDirectory()

    /// Many distinct articles, to make a scan write a few megabytes.
    func bigInput(_ count: Int) throws -> String {
        var lines: [String] = []
        for index in 0..<count {
            let text = (0..<8).map { words(60, seed: "big\(index)p\($0)w") }.joined(separator: "\n\n")
            let record = ["url": "https://big.example/\(index)", "text": text]
            lines.append(String(decoding: try JSONSerialization.data(withJSONObject: record), as: UTF8.self))
        }
        return directory.write("big.jsonl", lines.joined(separator: "\n") + "\n")
    }

    @Test("a second scan of the same database stops at once with a clear message (75)")
    func secondScan() throws {
        let db = directory.file("busy.sqlite")
        #expect(try CLI.run(["scan", "--db", db, Repository.sampleArchive]).status == 0)
        // Hold the scan lock as a running scan would: a flock on the database file itself.
        let lock = open(db, O_RDWR)
        defer { close(lock) }
        #expect(flock(lock, LOCK_EX | LOCK_NB) == 0)
        let second = try CLI.run(["scan", "--db", db, Repository.sampleArchive])
        #expect(second.status == 75)
        #expect(second.stderr.contains("another scan is writing to this database"))
        // Readers are not blocked.
        #expect(try CLI.run(["stats", "--db", db]).status == 0)
        flock(lock, LOCK_UN)
        #expect(try CLI.run(["scan", "--db", db, Repository.sampleArchive]).status == 0)
    }

    @Test("check, report, stats and export read while a scan writes (WAL readers)")
    func readersDuringScan() throws {
        let db = directory.file("concurrent.sqlite")
        #expect(try CLI.run(["scan", "--db", db, Repository.sampleArchive]).status == 0)
        let sample = try String(contentsOfFile: Repository.sampleArchive, encoding: .utf8)
        // The second page of the sample: a copy (the first is its story's origin, which check calls ORIGINAL).
        let copy = directory.write("copy.jsonl", String(sample.split(separator: "\n")[1]))
        let input = try bigInput(3000)
        let scan = Process()
        scan.executableURL = URL(fileURLWithPath: CLI.executable)
        scan.arguments = ["scan", "--db", db, "--batch-size", "25", input]
        scan.standardOutput = FileHandle.nullDevice
        scan.standardError = FileHandle.nullDevice
        try scan.run()
        var roundsWhileScanning = 0
        var documents: [Int] = []
        while scan.isRunning || roundsWhileScanning == 0 {
            let wasRunning = scan.isRunning
            let check = try CLI.run(["check", "--db", db, copy])
            #expect(check.status == 0, "\(check.stderr)")
            let report = try CLI.run(["report", "top", "--db", db, "--format", "json"])
            #expect(report.status == 0, "\(report.stderr)")
            let stats = try CLI.run(["stats", "--db", db, "--json"])
            #expect(stats.status == 0, "\(stats.stderr)")
            if let line = try? JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any],
                let count = line["documents"] as? Int
            {
                documents.append(count)
            }
            #expect(try CLI.run(["export", "--db", db]).status == 0)
            if wasRunning && scan.isRunning { roundsWhileScanning += 1 }
            if !wasRunning { break }
        }
        scan.waitUntilExit()
        #expect(scan.terminationStatus == 0)
        #expect(roundsWhileScanning >= 1, "the scan ended before any reader ran beside it")
        // Readers saw the database grow, never shrink.
        #expect(documents == documents.sorted())
        #expect(try CLI.run(["stats", "--db", db, "--json"]).stdout.contains("\"documents\":3078"))
        #expect(try SQLiteStore(path: db, mode: .readOnly).integrityProblems().isEmpty)
    }

    @Test("when the file cannot grow (disk full, size limit) the scan fails with 74 and keeps what was stored")
    func diskFull() throws {
        let db = directory.file("full.sqlite")
        #expect(try CLI.run(["scan", "--db", db, Repository.sampleArchive]).status == 0)
        let before = try CLI.run(["export", "--db", db]).stdout
        let input = try bigInput(1500)
        var info = stat()
        stat(db, &info)
        // A file-size limit a little above the database's size; SIGXFSZ ignored, so writes fail.
        let blocks = (Int(info.st_size) + (2 << 20)) / 512
        let run = try CLI.run(
            [
                "-c", "trap '' XFSZ; ulimit -f \(blocks); exec \"$0\" scan --db \"$1\" --batch-size 100 \"$2\"",
                CLI.executable, db, input,
            ],
            executable: "/bin/sh"
        )
        #expect(run.status == 74, "\(run.stderr)")
        #expect(run.stderr.contains(db))
        // Nothing stored before is lost, and the file is sound.
        let check = try CLI.run(["export", "--db", db])
        #expect(check.status == 0)
        #expect(check.stdout.split(separator: "\n").count >= before.split(separator: "\n").count)
        let store = try SQLiteStore(path: db, mode: .readOnly)
        #expect(try store.integrityProblems().isEmpty)
        // With room again, scanning resumes and finishes.
        #expect(try CLI.run(["scan", "--db", db, input]).status == 0)
    }
}
