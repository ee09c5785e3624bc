import ArgumentParser
import WiretraceExtraction
import WiretraceIngest
import WiretraceReports

extension Wiretrace {
    struct Extract: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the article extracted from pages: title, byline, date, credit lines, body.",
            discussion: """
                INPUT is anything 'scan' reads: HTML files (.html, .htm, optionally .gz; the URL comes from \
                a PAGE.url or PAGE.json sidecar when there is one), JSONL records with an 'html' or 'text' \
                field, text files, or '-'. With --json, one JSON object per article.
                """
        )

        @OptionGroup var input: InputOptions

        @Flag(help: "Print one JSON object per article.")
        var json = false

        @Flag(help: "Show every text block of each HTML file and whether it was kept (HTML files only).")
        var explain = false

        @Argument(help: "Files, directories or '-'.")
        var inputs: [String]

        func validate() throws {
            guard !inputs.isEmpty else { throw ValidationError("give at least one INPUT") }
        }

        func run() throws {
            if explain {
                for path in inputs {
                    guard let bytes = FileBytes.readAll(path) else {
                        Diagnostics.error("\(path): cannot read")
                        throw Exit.ioError
                    }
                    print(ArticleExtractor().explain(html: bytes, url: InputReader.fileURL(for: path)), terminator: "")
                }
                return
            }
            let reader = input.reader
            let (files, problems, _) = reader.expand(inputs)
            var failures = problems
            for file in files {
                try reader.read(file) { item in
                    switch item {
                    case .article(let article):
                        print(json ? ArticleFormatter.json(article) : ArticleFormatter.text(article))
                    case .skipped(let problem):
                        failures.append(problem)
                    case .ignored:
                        break
                    }
                }
            }
            for problem in failures { Diagnostics.error(problem.description) }
            if failures.contains(where: { $0.category == .io }) { throw Exit.ioError }
            if !failures.isEmpty { throw Exit.dataError }
        }
    }
}
