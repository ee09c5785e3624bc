import ArgumentParser
import WiretraceExtraction
import WiretraceIngest
import WiretraceReports

extension Wiretrace {
    struct Extract: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the article extracted from pages: title, byline, date, credit lines, body.",
            discussion: """
                INPUT is anything 'scan' reads: HTML files (.html, .htm, .xhtml, optionally .gz; the URL and \
                dates come from a PAGE.html.url or PAGE.html.json sidecar when there is one), JSONL records \
                with an 'html' or 'text' field, WARC archives, text files (with PAGE.txt.url or PAGE.txt.json \
                sidecars), folders of them, or '-'. With --json, one JSON object per article. It reads no \
                database.
                """
        )

        @OptionGroup var input: InputOptions

        @Option(help: ArgumentHelp("Output format.", valueName: "format"))
        var format: TextOrJSON?

        @Flag(help: "Print one JSON object per article (same as --format json).")
        var json = false

        @Flag(help: "Show every text block of each HTML page and whether it was kept, instead of the article.")
        var explain = false

        @Argument(help: "Files, directories or '-'.")
        var inputs: [String]

        func validate() throws {
            guard !inputs.isEmpty else { throw ValidationError("give at least one INPUT") }
            _ = try TextOrJSON.chosen(format, json: json, default: .text)
        }

        func run() throws {
            let asJSON = try TextOrJSON.chosen(format, json: json, default: .text) == .json
            var reader = input.reader
            if explain { reader.htmlDecoder = ExplainingDecoder() }
            let expansion = input.expand(reader, inputs)
            var failures = expansion.problems
            try Output.checked {
                for file in expansion.files {
                    try reader.read(file) { item in
                        switch item {
                        case .article(let article):
                            if !explain {
                                try Output.line(
                                    asJSON ? ArticleFormatter.json(article) : ArticleFormatter.text(article)
                                )
                            }
                        case .skipped(let problem):
                            failures.append(problem)
                        case .ignored:
                            break
                        }
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
        // Explanations are printed as pages are read; a write error ends the command with the others.
        try Output.standard.writeLine(TerminalText.safe("== \(page.url)"))
        try Output.standard.write(
            TerminalText.safe(extractor.explain(html: html, url: page.url, charset: page.charset))
        )
        return try extractor.article(fromHTML: html, page: page)
    }
}
