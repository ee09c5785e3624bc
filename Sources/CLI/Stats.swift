import ArgumentParser
import WiretraceReports
import WiretraceStore

extension Wiretrace {
    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Count documents, stories, sites and copies in the database."
        )

        @OptionGroup var database: DatabaseOptions

        @Option(help: ArgumentHelp("Output format.", valueName: "format"))
        var format: TextOrJSON?

        @Flag(help: "Print the counts as JSON (same as --format json).")
        var json = false

        func validate() throws {
            _ = try TextOrJSON.chosen(format, json: json, default: .text)
        }

        func run() throws {
            let asJSON = try TextOrJSON.chosen(format, json: json, default: .text) == .json
            let store = try database.open(.readOnly)
            do {
                let statistics = try store.read { try $0.statistics() }
                try Output.checked {
                    try Output.line(
                        asJSON ? TextReports.statisticsJSON(statistics) : TextReports.statistics(statistics)
                    )
                }
            } catch let error as StoreError {
                Diagnostics.error(error.description)
                throw Exit.code(for: error)
            }
        }
    }
}
