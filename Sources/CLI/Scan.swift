import ArgumentParser
import WiretraceFingerprint
import WiretraceIngest
import WiretracePipeline
import WiretraceReports
import WiretraceStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Wiretrace {
    struct Scan: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read articles into the database, grouping copies into stories.",
            discussion: """
                INPUT is a file, a directory (read recursively; links to directories are followed only \
                with --follow) or '-' for standard input (JSONL unless --input-format says otherwise). \
                Formats, by file name (each optionally .gz): JSONL (.jsonl, .ndjson, .json: one JSON object \
                per line with url, text or html, and optionally title, byline, published, fetched, site), \
                HTML pages (.html, .htm, .xhtml), WARC archives (.warc) and text (.txt, .text: first line \
                the title, the rest the body). An HTML or text page takes its URL and dates from a sidecar \
                beside it: PAGE.html.url or PAGE.txt.url (the URL), or PAGE.html.json or PAGE.txt.json \
                (url, published, fetched, site); sidecars are not read as inputs themselves.

                Scanning the same input again adds nothing, and an interrupted scan resumes where it \
                stopped (files that were read completely are not read again). Pages are extracted and \
                fingerprinted on every core; documents are stored in input order, so the result does not \
                depend on the number of threads. Bad records are skipped and listed on standard error; the \
                good ones are stored. A second scan of the same database file is refused (exit code 75).
                """
        )

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var input: InputOptions

        @Option(help: "Words per shingle (new databases only).")
        var shingleSize: Int?

        @Option(help: "MinHash values per document (new databases only).")
        var minhashSize: Int?

        @Option(help: "Jaccard threshold the document LSH bands are tuned for (new databases only).")
        var lshThreshold: Double?

        @Option(
            help: ArgumentHelp(
                "Shingles per passage-anchor window; 0 indexes no anchors (new databases only).",
                discussion: """
                    Anchors find pages that share a passage of that many shingles anywhere in their text (a \
                    copy inside site chrome, another capture of the page); smaller windows find shorter \
                    passages and index more keys.
                    """
            )
        )
        var anchorWindow: Int?

        @Option(help: "Documents committed per transaction.")
        var batchSize: Int = 8192

        @Option(help: "Documents stored between merges of new band keys into the main LSH index.")
        var indexMergeInterval: Int = 65_536

        @Option(help: "Threads that extract and fingerprint pages (default: one per core).")
        var workers: Int?

        @Option(
            help: ArgumentHelp(
                "Nice levels the workers run below the thread that stores documents (0 to 19; Linux).",
                discussion: """
                    The storing thread is the one ordered stage of a scan: given the CPU first, it keeps up and \
                    every core stays busy. On a machine busy with other work, the workers yield to that work too; \
                    0 keeps every thread at the scan's own priority.
                    """
            )
        )
        var workerNice: Int32 = 4

        @Option(help: "Most shingles (words) fingerprinted per article; longer texts are skipped.")
        var maxShingles: Int = 200_000

        @Option(help: ArgumentHelp("Output format of the summary.", valueName: "format"))
        var format: TextOrJSON?

        @Flag(help: "Print the summary as JSON (same as --format json).")
        var json = false

        @Argument(help: "Files, directories or '-'.")
        var inputs: [String]

        func validate() throws {
            guard !inputs.isEmpty else { throw ValidationError("give at least one INPUT (a file, a directory or '-')") }
            guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
            guard indexMergeInterval >= 1 else { throw ValidationError("--index-merge-interval must be at least 1") }
            if let workers, !(1...256).contains(workers) {
                throw ValidationError("--workers must be between 1 and 256")
            }
            guard (0...19).contains(workerNice) else { throw ValidationError("--worker-nice must be between 0 and 19") }
            guard maxShingles >= 10 else { throw ValidationError("--max-shingles must be at least 10") }
            if let problems = requestedParameters?.problems, !problems.isEmpty {
                throw ValidationError(problems.joined(separator: "; "))
            }
            _ = try TextOrJSON.chosen(format, json: json, default: .text)
        }

        var requestedParameters: FingerprintParameters? {
            guard shingleSize != nil || minhashSize != nil || lshThreshold != nil || anchorWindow != nil else {
                return nil
            }
            var parameters = FingerprintParameters.standard
            if let shingleSize { parameters.shingleSize = shingleSize }
            if let minhashSize { parameters.signatureSize = minhashSize }
            if let lshThreshold { parameters.lshThreshold = lshThreshold }
            if let anchorWindow { parameters.anchorWindow = anchorWindow }
            return parameters
        }

        func run() throws {
            let asJSON = try TextOrJSON.chosen(format, json: json, default: .text) == .json
            let reader = input.reader
            let expansion = input.expand(reader, inputs)
            // Nothing to read: say why, and leave no database behind.
            if expansion.files.isEmpty {
                for problem in expansion.problems { Diagnostics.error(problem.description) }
                if expansion.problems.isEmpty {
                    Diagnostics.error("no input file to read in \(inputs.joined(separator: " "))")
                }
                throw expansion.problems.contains { $0.category == .io } ? Exit.ioError : Exit.dataError
            }
            let store = try database.open(
                .readWrite,
                parameters: requestedParameters,
                indexMergeInterval: indexMergeInterval,
                exclusive: true
            )
            Interruption.install(
                message: "documents of the batches committed so far are stored; "
                    + "run the same scan again to resume where it stopped"
            )
            var scanner = Scanner(store: store, reader: reader, batchSize: batchSize, maxShingles: maxShingles)
            if let workers { scanner.workers = workers }
            scanner.workerNiceness = workerNice
            let showProgress = Diagnostics.stderrIsTerminal && !asJSON
            if showProgress {
                scanner.progress = { s in
                    let rate = s.seconds > 0 ? Double(s.pagesRead) / s.seconds : 0
                    Diagnostics.raw(
                        "\rread \(TextReports.count(s.pagesRead, "page", "pages")), \(s.newDocuments) new, "
                            + "\(TextReports.count(s.newStories, "story", "stories")), "
                            + "\(s.skippedCount) skipped (\(TextReports.fixed(rate, 0)) pages/s)   "
                    )
                }
            }
            let summary: ScanSummary
            do {
                summary = try scanner.scan(expansion)
            } catch let error as StoreError {
                if showProgress { Diagnostics.raw("\n") }
                Diagnostics.error(error.description + " (documents of earlier batches are stored)")
                throw Exit.code(for: error)
            }
            if showProgress { Diagnostics.raw("\r\u{1B}[K") }
            do {
                try store.close()
            } catch {
                Diagnostics.error("\(store.path): cannot close the database cleanly (\(error)); it is sound")
            }
            // Skipped records and unreadable inputs are errors: on standard error, whatever becomes of the
            // summary (JSON keeps them in its "problems" too).
            for problem in summary.problems { Diagnostics.error(problem.description) }
            if summary.skippedCount > summary.problems.count {
                Diagnostics.error("… and \(summary.skippedCount - summary.problems.count) more skipped records")
            }
            try Output.checked {
                try Output.line(
                    asJSON
                        ? TextReports.scanSummaryJSON(summary)
                        : TextReports.scanSummary(summary, listingProblems: false)
                )
            }
            if summary.hadInputError { throw Exit.ioError }
            if summary.skippedCount > 0 { throw Exit.dataError }
        }
    }
}
