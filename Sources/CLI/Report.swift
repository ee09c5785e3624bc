import ArgumentParser
import Foundation
import WiretraceDetection
import WiretraceIngest
import WiretraceReports
import WiretraceStore

extension Wiretrace {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Distribution reports: a story's spread, a site, the agencies, the top stories.",
            discussion: """
                Every report reads the database only (it can run while a scan writes) and prints in one of \
                four formats: text (a table for a terminal; the default), json, csv, or html — a single \
                self-contained page with inline CSS and SVG charts that opens from disk. Sites are shown as \
                their registrable domain in every format (a local file by its name). CSV cells that a \
                spreadsheet would run as a formula start with "'".
                """,
            subcommands: [StoryReportCommand.self, SiteReportCommand.self, AgenciesReport.self, TopReport.self]
        )
    }
}

/// Database and output format, shared by every report.
struct ReportOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp("Output format (table is the same as text).", valueName: "format"))
    var format: ReportFormatOption?

    @Flag(help: "Print JSON (same as --format json).")
    var json = false

    @Option(name: .shortAndLong, help: "Write the report to this file instead of standard output.")
    var output: String?

    func validate() throws {
        _ = try ReportFormatOption.chosen(format, json: json, default: .text)
    }

    /// The format chosen.
    var chosenFormat: ReportFormat {
        ((try? ReportFormatOption.chosen(format, json: json, default: .text)) ?? .text).format
    }

    /// Runs `body` on a read snapshot and writes what it returns.
    func run(_ body: (any StoreReading & StoreQuerying) throws -> String) throws {
        let store = try database.open(.readOnly)
        let text: String
        do {
            text = try store.read(body)
        } catch let error as StoreError {
            Diagnostics.error(error.description)
            throw Exit.code(for: error)
        }
        try write(text)
    }

    func write(_ text: String) throws {
        let content = text.hasSuffix("\n") ? text : text + "\n"
        try Output.checked {
            let sink = try Self.sink(output)
            try sink.write(content)
            try sink.close()
        }
    }

    /// Standard output, or a new file at `path` (written whole, then moved in place).
    static func sink(_ path: String?) throws -> TextOutput {
        guard let path, path != "-" else { return Output.standard }
        return try TextOutput(file: path)
    }
}

enum ReportFormatOption: String, OutputFormatChoice {
    case text, json, csv, html
    var format: ReportFormat { self == .text ? .table : ReportFormat(rawValue: rawValue)! }

    init?(argument: String) {
        // "table" is the name the report formats had before every command's human form was "text".
        self.init(rawValue: argument == "table" ? "text" : argument)
    }
}

/// A failure to find what a report was asked about.
struct NotFound: Error, CustomStringConvertible {
    var description: String
}

extension ReportOptions {
    /// Like `run`, with "not found" answered by a message and exit code 1.
    func runFinding(_ body: (any StoreReading & StoreQuerying) throws -> String) throws {
        do {
            try run(body)
        } catch let missing as NotFound {
            Diagnostics.error(missing.description)
            throw Exit.noMatch
        }
    }
}

struct StoryReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "story",
        abstract: "How one story spread: every copy, when, how edited, copied from whom; the lineage tree.",
        discussion: "STORY is a story id (as 'export' and 'report top' print it) or the URL of any of its pages."
    )

    @OptionGroup var options: ReportOptions

    @Argument(help: "Story id or URL of a member page.")
    var story: String

    func validate() throws {
        if Int64(story) == nil && !story.contains("://") && !story.contains(".") {
            throw ValidationError("STORY must be a story id (a number) or a page URL, not '\(story)'")
        }
    }

    func run() throws {
        try options.runFinding { session in
            let id: StoryID
            if let number = Int64(story) {
                id = number
            } else {
                guard let found = try session.documentAndStory(url: story) else {
                    throw NotFound(description: "no page stored under \(story)")
                }
                guard let storyID = found.story else {
                    throw NotFound(description: "\(story) is stored (document \(found.document)) but in no story")
                }
                id = storyID
            }
            guard let distribution = try session.storyDistribution(id) else {
                throw NotFound(description: "no story \(id) in the database")
            }
            let reused = try session.reuseLinks(of: distribution.entries.map(\.document))
            return StoryReport(distribution, reusedBy: reused).render(options.chosenFormat)
        }
    }
}

struct SiteReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "site",
        abstract: "How much of a site's output is syndicated, from which agencies, and what it originates.",
        discussion: "HOST is a host name or URL; it is reduced to its registrable domain (news.bbc.co.uk → bbc.co.uk)."
    )

    @OptionGroup var options: ReportOptions

    @Option(help: "How many stories to list.")
    var limit: Int = 10

    @Argument(help: "Host name, registrable domain or URL of the site.")
    var host: String

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be positive") }
        guard !host.trimmingCharacters(in: " ").isEmpty else { throw ValidationError("HOST is empty") }
    }

    func run() throws {
        let site = host.contains("://") ? SiteName.site(ofURL: host) : SiteName.site(ofURL: "http://\(host)/")
        try options.runFinding { session in
            guard let records = try session.siteRecords(site) else {
                throw NotFound(description: "no document of \(site) in the database")
            }
            return SiteReport(records, limit: limit).render(options.chosenFormat)
        }
    }
}

struct AgenciesReport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agencies",
        abstract: "Per agency: stories, copies, sites reached, median copies per story, mislabelled credits."
    )

    @OptionGroup var options: ReportOptions

    func run() throws {
        try options.run { session in
            AgencyReport(try session.agencyStoryRecords()).render(options.chosenFormat)
        }
    }
}

struct TopReport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "top",
        abstract: "The most widely syndicated stories."
    )

    @OptionGroup var options: ReportOptions

    @Option(help: "Only stories first seen at or after this date (2025-03-17 or an ISO 8601 time).")
    var since: String?

    @Option(help: "How many stories to list.")
    var limit: Int = 20

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be positive") }
        if let since, Self.parse(since) == nil {
            throw ValidationError("--since must be a date such as 2025-03-17 or 2025-03-17T09:00:00Z, not '\(since)'")
        }
    }

    static func parse(_ text: String) -> Timestamp? {
        Timestamp(iso8601: text) ?? Timestamp(iso8601: text + "T00:00:00Z")
    }

    func run() throws {
        let since = since.flatMap(Self.parse)
        try options.run { session in
            TopStoriesReport(since: since, stories: try session.topStories(since: since, limit: limit))
                .render(options.chosenFormat)
        }
    }
}
