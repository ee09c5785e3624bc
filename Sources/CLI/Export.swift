import ArgumentParser
import WiretraceReports
import WiretraceStore

extension Wiretrace {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write one record per document: url, site, story, origin, parent, kind, dates, title.",
            discussion: """
                Formats: jsonl (one JSON object per line, the default; --json is the same) and csv. Fields: url, \
                site, story (null for a document in no story), origin, parent, kind, published, fetched, title, \
                compilation, reuses. CSV cells that a spreadsheet would run as a formula start with "'".
                """
        )

        @OptionGroup var database: DatabaseOptions

        @Option(help: ArgumentHelp("Output format (json is the same as jsonl).", valueName: "format"))
        var format: ExportFormatOption?

        @Flag(help: "JSON lines (same as --format jsonl).")
        var json = false

        @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
        var output: String?

        func validate() throws {
            _ = try ExportFormatOption.chosen(format, json: json, default: .jsonl)
        }

        func run() throws {
            let format = try ExportFormatOption.chosen(format, json: json, default: .jsonl).format
            let store = try database.open(.readOnly)
            do {
                try Output.checked {
                    let sink = try ReportOptions.sink(output)
                    if format == .csv { try sink.writeLine(ExportFormatter.csvHeader) }
                    try store.read { session in
                        try session.forEachExportRecord { record in
                            try sink.writeLine(ExportFormatter.line(record, format: format))
                        }
                    }
                    try sink.close()
                }
            } catch let error as StoreError {
                Diagnostics.error(error.description)
                throw Exit.code(for: error)
            }
        }
    }
}

enum ExportFormatOption: String, OutputFormatChoice {
    case jsonl, csv
    var format: ExportFormat { ExportFormat(rawValue: rawValue)! }
    static var json: ExportFormatOption { .jsonl }

    init?(argument: String) {
        self.init(rawValue: argument == "json" ? "jsonl" : argument)
    }
}
