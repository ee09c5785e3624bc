import ArgumentParser
import Foundation
import WiretraceIngest
import WiretracePipeline
import WiretraceReports
import WiretraceStore

extension Wiretrace {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Tell whether one article is a syndicated copy of a stored story.",
            discussion: """
                INPUT is one article in any form 'scan' reads (a one-record JSONL file included) or '-' \
                (JSONL unless --input-format says otherwise); with --each it may hold many (a JSONL dump, a \
                WARC archive, a folder), and every article gets one verdict line (JSON lines with --json). \
                The database is not changed unless --add is given. Verdicts: SYNDICATED (a copy of a stored \
                story, or a page whose credit line marks it as syndicated: "(AP) —", "Distributed by \
                Tribune Content Agency"), ORIGINAL (earliest known copy: the story's first page, which the \
                stored pages copied), COMPILATION (a roundup quoting several stories), NO MATCH. Exit codes, \
                like grep's: 0 syndicated, 1 no match or a compilation, 2 an error, 3 original (with --each: \
                0 when at least one article is syndicated or original, else 1).
                """
        )

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var input: InputOptions

        @Option(help: ArgumentHelp("Output format (JSON lines with --each).", valueName: "format"))
        var format: TextOrJSON?

        @Flag(help: "Print the verdict as JSON (same as --format json).")
        var json = false

        @Flag(help: "Also add the article to the database.")
        var add = false

        @Flag(
            help: ArgumentHelp(
                "Also print why: every stored document measured, the rule that decided it and the shared passages.",
                discussion: """
                    For each stored document that shares enough text to measure: the pair rule that \
                    decided how it relates to the article (near-copy, aligned-copy, wire-version, \
                    partial-reuse, quote-only, figure-template …), and each shared passage with its \
                    shingle positions in the article and in the document and the article's first words \
                    there; then the story rule that placed the article. With --json, an "explain" object.
                    """
            )
        )
        var explain = false

        @Flag(help: "Check every article INPUT holds, one verdict per line (read only).")
        var each = false

        @Flag(help: "With --each: print latency percentiles of the checks on standard error.")
        var timings = false

        @Option(help: "With --timings: leave the first N checks out of the percentiles (warm-up).")
        var warmup: Int = 0

        @Argument(help: "The article: a file or '-'.")
        var article: String

        func validate() throws {
            if each && add { throw ValidationError("--each checks without adding; use 'wiretrace scan' to add many") }
            if each && explain { throw ValidationError("--explain explains one article; drop --each") }
            if timings && !each { throw ValidationError("--timings goes with --each") }
            if warmup < 0 || warmup > 0 && !timings {
                throw ValidationError("--warmup takes a count and goes with --timings")
            }
            _ = try TextOrJSON.chosen(format, json: json, default: .text)
        }

        var asJSON: Bool { (try? TextOrJSON.chosen(format, json: json, default: .text)) == .json }

        func run() throws {
            do {
                if each {
                    try runEach()
                } else {
                    let article = try readOne()
                    let store = try database.open(add ? .readWrite : .readOnly)
                    let report = try Checker(store: store).check(article, add: add, explain: explain)
                    try Output.checked(failing: Exit.checkFailed) {
                        try Output.line(asJSON ? TextReports.checkJSON(report) : TextReports.check(report))
                    }
                    if report.verdict == .original { throw Exit.original }
                    if !report.verdict.isSyndicated { throw Exit.noMatch }
                }
            } catch let exit as ExitCode {
                throw exit == Exit.noMatch || exit == Exit.original || exit == ExitCode(141) ? exit : Exit.checkFailed
            } catch let error as StoreError {
                Diagnostics.error(error.description)
                throw Exit.checkFailed
            } catch let problem as IngestProblem {
                Diagnostics.error(problem.description)
                throw Exit.checkFailed
            }
        }

        /// Checks every article of the input against a read-only store, timing each check.
        func runEach() throws {
            let clock = ContinuousClock()
            var latencies: [Double] = []
            var checked = 0
            var syndicated = 0
            var problems = 0
            let checker = Checker(store: try database.open(.readOnly))
            let reader = articleReader
            let expansion = input.expand(reader, [article])
            for problem in expansion.problems {
                Diagnostics.error(problem.description)
                problems += 1
            }
            Interruption.install(message: "the articles before this one were checked")
            for file in expansion.files {
                try reader.read(file) { item in
                    switch item {
                    case .article(let article):
                        let start = clock.now
                        do {
                            let report = try checker.check(article, add: false)
                            checked += 1
                            if checked > warmup { latencies.append((clock.now - start) / .milliseconds(1)) }
                            if report.verdict.isSyndicated || report.verdict == .original { syndicated += 1 }
                            try Output.checked(failing: Exit.checkFailed) {
                                try Output.line(asJSON ? TextReports.checkJSON(report) : TextReports.checkLine(report))
                            }
                        } catch let problem as IngestProblem {
                            Diagnostics.error(problem.description)
                            problems += 1
                        }
                    case .skipped(let problem):
                        Diagnostics.error(problem.description)
                        problems += 1
                    case .ignored:
                        break
                    }
                }
            }
            if timings {
                if let summary = LatencySummary(milliseconds: latencies) {
                    Diagnostics.note(
                        "checked \(summary.count) articles in "
                            + String(
                                format: "p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms, mean %.3f ms",
                                summary.p50,
                                summary.p90,
                                summary.p99,
                                summary.max,
                                summary.mean
                            )
                            + " (fingerprint, lookup and verdict; reading and extraction excluded)"
                    )
                } else {
                    Diagnostics.note("no article was checked")
                }
            }
            if problems > 0 {
                Diagnostics.note("\(problems) \(problems == 1 ? "record" : "records") could not be checked")
            }
            if syndicated == 0 { throw Exit.noMatch }
        }

        /// The reader of INPUT: standard input is JSONL unless --format says otherwise.
        var articleReader: InputReader {
            var reader = input.reader
            if reader.forcedFormat == nil, article == "-" { reader.forcedFormat = .jsonl }
            return reader
        }

        /// Reads exactly one article from the input.
        func readOne() throws -> Article {
            let reader = articleReader
            let expansion = input.expand(reader, [article])
            let files = expansion.files
            if let problem = expansion.problems.first { throw problem }
            guard files.count == 1, let file = files.first else {
                throw IngestProblem(
                    "usage",
                    "check reads one article, and \(article) holds \(files.count) "
                        + "\(files.count == 1 ? "file" : "files"); use --each to check every article in it",
                    at: SourceLocation(path: article)
                )
            }
            var found: [Article] = []
            var firstProblem: IngestProblem?
            try reader.read(file) { item in
                switch item {
                case .article(let a): found.append(a)
                case .skipped(let p): if firstProblem == nil { firstProblem = p }
                case .ignored: break
                }
            }
            if let firstProblem, found.isEmpty { throw firstProblem }
            guard found.count == 1 else {
                throw IngestProblem(
                    "usage",
                    found.isEmpty
                        ? "this input holds no article"
                        : "check reads one article, and this input holds \(found.count); "
                            + "use --each to check every one of them",
                    at: SourceLocation(path: article)
                )
            }
            return found[0]
        }
    }
}
