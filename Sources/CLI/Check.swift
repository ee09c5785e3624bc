import ArgumentParser
import WiretraceIngest
import WiretracePipeline
import WiretraceReports
import WiretraceStore

extension Wiretrace {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Tell whether one article is a syndicated copy of a stored story.",
            discussion: """
                INPUT is one article in any form 'scan' reads (a one-record JSONL file included) or '-'. \
                The database is not changed unless --add is given. A page with no stored copy whose credit \
                line marks it as syndicated ("(AP) —", "Distributed by Tribune Content Agency") is reported \
                as such. Exit codes, like grep: 0 a copy was found or the credit line marks a syndicated \
                copy, 1 no match, 2 an error.
                """
        )

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var input: InputOptions

        @Flag(help: "Print the verdict as JSON.")
        var json = false

        @Flag(help: "Also add the article to the database.")
        var add = false

        @Argument(help: "The article: a file or '-'.")
        var article: String

        func run() throws {
            do {
                let article = try readOne()
                let store = try database.open(add ? .readWrite : .readOnly)
                let report = try Checker(store: store).check(article, add: add)
                print(json ? TextReports.checkJSON(report) : TextReports.check(report))
                if !report.verdict.isSyndicated { throw Exit.noMatch }
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

        /// Reads exactly one article from the input.
        func readOne() throws -> Article {
            var reader = input.reader
            if reader.forcedFormat == nil, article == "-" { reader.forcedFormat = .jsonl }
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
