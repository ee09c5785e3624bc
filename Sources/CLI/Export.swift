import ArgumentParser
import WiretraceReports
import WiretraceStore

extension Wiretrace {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write one record per document: url, site, story, origin, parent, kind, dates, title.",
            discussion:
                "JSONL output is the format ../shared/eval/score.py reads. 'story' is null for a document in no story."
        )

        @OptionGroup var database: DatabaseOptions

        @Option(help: "Output format: jsonl or csv.")
        var format: ExportFormatOption = .jsonl

        func run() throws {
            let store = try database.open(.readOnly)
            let format = format.format
            do {
                if format == .csv { print(ExportFormatter.csvHeader) }
                try store.read { session in
                    try session.forEachExportRecord { record in
                        print(ExportFormatter.line(record, format: format))
                    }
                }
            } catch let error as StoreError {
                Diagnostics.error(error.description)
                throw Exit.code(for: error)
            }
        }
    }
}

enum ExportFormatOption: String, ExpressibleByArgument, CaseIterable {
    case jsonl, csv
    var format: ExportFormat { ExportFormat(rawValue: rawValue)! }
}
