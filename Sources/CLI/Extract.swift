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

        @Flag(help: "Show every text block of each HTML page and whether it was kept, instead of the article.")
        var explain = false

        @Argument(help: "Files, directories or '-'.")
        var inputs: [String]

        func validate() throws {
            guard !inputs.isEmpty else { throw ValidationError("give at least one INPUT") }
        }

        func run() throws {
            var reader = input.reader
            if explain { reader.htmlDecoder = ExplainingDecoder() }
            let (files, problems, _) = reader.expand(inputs)
            var failures = problems
            for file in files {
                try reader.read(file) { item in
                    switch item {
                    case .article(let article):
                        if !explain { print(json ? ArticleFormatter.json(article) : ArticleFormatter.text(article)) }
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

/// Prints how extraction saw each HTML page (from files, JSONL records or WARC records alike).
struct ExplainingDecoder: HTMLArticleDecoder {
    let extractor = ArticleExtractor()

    func article(fromHTML html: [UInt8], page: PageInfo) throws -> Article {
        print("== \(page.url)")
        print(extractor.explain(html: html, url: page.url, charset: page.charset), terminator: "")
        return try extractor.article(fromHTML: html, page: page)
    }
}
