import ArgumentParser
import WiretraceReports
import WiretraceStore

extension Wiretrace {
    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Count documents, stories, sites and copies in the database."
        )

        @OptionGroup var database: DatabaseOptions

        @Flag(help: "Print the counts as JSON.")
        var json = false

        func run() throws {
            let store = try database.open(.readOnly)
            do {
                let statistics = try store.read { try $0.statistics() }
                print(json ? TextReports.statisticsJSON(statistics) : TextReports.statistics(statistics))
            } catch let error as StoreError {
                Diagnostics.error(error.description)
                throw Exit.code(for: error)
            }
        }
    }
}
