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
                INPUT is one article in any form 'scan' reads (a one-record JSONL file included) or '-'; \
                with --each it may hold many (a JSONL dump, a WARC archive, a folder), and every article \
                gets one verdict line (JSON lines with --json). The database is not changed unless --add \
                is given. A page with no stored copy whose credit \
                line marks it as syndicated ("(AP) —", "Distributed by Tribune Content Agency") is reported \
                as such. Exit codes, like grep: 0 a copy was found or the credit line marks a syndicated \
                copy (with --each: for at least one article), 1 no match, 2 an error.
                """
        )

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var input: InputOptions

        @Flag(help: "Print the verdict as JSON.")
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
        }

        func run() throws {
            do {
                if each {
                    try runEach()
                } else {
                    let article = try readOne()
                    let store = try database.open(add ? .readWrite : .readOnly)
                    let report = try Checker(store: store).check(article, add: add, explain: explain)
                    print(json ? TextReports.checkJSON(report) : TextReports.check(report))
                    if !report.verdict.isSyndicated { throw Exit.noMatch }
                }
            } catch let exit as ExitCode {
                throw exit == Exit.noMatch ? exit : Exit.checkFailed
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
            let (files, expansionProblems, _) = reader.expand([article])
            for problem in expansionProblems {
                Diagnostics.error(problem.description)
                problems += 1
            }
            for file in files {
                try reader.read(file) { item in
                    switch item {
                    case .article(let article):
                        let start = clock.now
                        do {
                            let report = try checker.check(article, add: false)
                            checked += 1
                            if checked > warmup { latencies.append((clock.now - start) / .milliseconds(1)) }
                            if report.verdict.isSyndicated { syndicated += 1 }
                            print(json ? TextReports.checkJSON(report) : TextReports.checkLine(report))
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
            if problems > 0 { Diagnostics.note("\(problems) records could not be checked") }
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
            let (files, problems, _) = reader.expand([article])
            if let problem = problems.first { throw problem }
            guard files.count == 1, let file = files.first else {
                throw IngestProblem(
                    "usage",
                    "check reads one article, and \(article) holds \(files.count) files",
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
                    "check reads one article, and this input holds \(found.count)",
                    at: SourceLocation(path: article)
                )
            }
            return found[0]
        }
    }
}
