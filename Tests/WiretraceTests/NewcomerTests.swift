import Foundation
import Testing
import WiretraceDetection
import WiretraceReports

#if canImport(FoundationXML)
import FoundationXML
#endif
#if canImport(Glibc)
import Glibc
#endif

/// What a newcomer meets in the first hour (issue 25, items 17–28): the sample archive, the reports it
/// gives, the words the tool uses, its help and its README.
@Suite("A newcomer's first hour", .serialized)
struct NewcomerTests {
    let directory = TemporaryDirectory()
    var db: String { directory.file("sample.sqlite") }

    func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

    func scanSample() throws {
        let scan = try CLI.run(["scan", "--db", db, Repository.sampleArchive])
        #expect(scan.status == 0, "\(scan.stderr)")
    }

    @Test("the sample: every outlet its own site, the same name in table, CSV and JSON")
    func sampleSites() throws {
        try scanSample()
        let export = try CLI.run(["export", "--db", db]).stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let sites = Set(export.compactMap { $0["site"] as? String })
        #expect(sites.count == 19, "\(sites.sorted())")
        #expect(sites.allSatisfy { $0.hasSuffix(".example") && !$0.hasPrefix("www.") })
        let stats = try #require(try json(CLI.run(["stats", "--db", db, "--json"]).stdout) as? [String: Any])
        #expect(stats["sites"] as? Int == 19)

        let story = "https://apnews.example/wire/2025/04/23/assembly-passes-holiday-rental-cap"
        let table = try CLI.run(["report", "story", "--db", db, story]).stdout
        let csv = try CLI.run(["report", "story", "--db", db, "--format", "csv", story]).stdout
        let csvSites = Set(csv.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[3]) })
        #expect(csvSites.count == 8)
        for site in csvSites { #expect(table.contains("\n" + site + " "), "\(site) is not in the table") }
        #expect(table.contains("7 copies on 8 sites"))
    }

    @Test("the sample shows agencies: AP, Reuters and AFP credits, a mislabelled credit, a distributor")
    func sampleAgencies() throws {
        try scanSample()
        let agencies = try #require(
            try json(CLI.run(["report", "agencies", "--db", db, "--json"]).stdout) as? [[String: Any]]
        )
        let byName = Dictionary(uniqueKeysWithValues: agencies.map { ($0["agency"] as? String ?? "", $0) })
        #expect(byName["Associated Press"]?["stories"] as? Int == 5)
        #expect(byName["Reuters"]?["stories"] as? Int == 4)
        #expect(byName["Agence France-Presse"]?["stories"] as? Int == 1)
        #expect(byName["Associated Press"]?["mislabelled_credits"] as? Int == 1)

        let afp = "https://westerlytimes.example/news/2025/05/06/attic-painting-confirmed-lost-carrow-vane"
        let report = try #require(
            try json(CLI.run(["report", "story", "--db", db, "--json", afp]).stdout) as? [String: Any]
        )
        #expect(report["agency"] as? String == "Agence France-Presse")
        let members = try #require(report["members"] as? [[String: Any]])
        #expect(members.contains { ($0["credit"] as? String ?? "").contains("Distributed by Tribune Content Agency") })

        let mislabelled = "https://apnews.example/wire/2025/04/23/assembly-passes-holiday-rental-cap"
        let table = try CLI.run(["report", "story", "--db", db, mislabelled]).stdout
        #expect(table.contains("credited to Associated Press; origin by agency site"))
        #expect(table.contains("1 page credits another agency"))
    }

    @Test("report site: a story an agency's credit names is the agency's, not the outlet's that ran it first")
    func siteOfAgencyStory() throws {
        try scanSample()
        let outlet = try #require(
            try json(CLI.run(["report", "site", "--db", db, "--json", "westerlytimes.example"]).stdout)
                as? [String: Any]
        )
        #expect(outlet["originated"] as? Int == 0)
        #expect(outlet["first_to_run_agency_story"] as? Int == 1)
        let table = try CLI.run(["report", "site", "--db", db, "westerlytimes.example"]).stdout
        #expect(table.contains("first to run an agency's story  1 page"))
        #expect(!table.contains("stories it originated"))
        let agency = try #require(
            try json(CLI.run(["report", "site", "--db", db, "--json", "apnews.example"]).stdout) as? [String: Any]
        )
        #expect(agency["originated"] as? Int == 5)
    }

    @Test("check on the story's first page: ORIGINAL (earliest known copy), exit code 3")
    func originalVerdict() throws {
        try scanSample()
        let first = String(
            try String(contentsOfFile: Repository.sampleArchive, encoding: .utf8).split(separator: "\n")[0]
        )
        let text = try CLI.run(["check", "--db", db, "-"], stdin: first)
        #expect(text.status == 3, "\(text.stderr)")
        #expect(text.stdout.hasPrefix("ORIGINAL (earliest known copy): "))
        #expect(!text.stdout.contains("SYNDICATED"))
        let asJSON = try CLI.run(["check", "--db", db, "--json", "-"], stdin: first)
        #expect(try (json(asJSON.stdout) as? [String: Any])?["verdict"] as? String == "original")
        let second = String(
            try String(contentsOfFile: Repository.sampleArchive, encoding: .utf8).split(separator: "\n")[1]
        )
        let copy = try CLI.run(["check", "--db", db, "-"], stdin: second)
        #expect(copy.status == 0)
        #expect(copy.stdout.hasPrefix("SYNDICATED: "))
    }

    @Test("HTML timeline: undated copies in a lane of their own, a legend for colours, lines and marks")
    func undatedTimeline() throws {
        let wire = (0..<8).map { words(45, seed: "lane\($0)w").capitalized + "." }.joined(separator: "\\n\\n")
        let lines = [
            #"{"url":"https://first.example/a","title":"T","published":"2025-03-01T08:00:00Z","text":"\#(wire)"}"#,
            #"{"url":"https://second.example/a","title":"T","published":"2025-03-01T20:00:00Z","text":"\#(wire)"}"#,
            #"{"url":"https://undated.example/a","title":"T","text":"\#(wire)"}"#,
        ]
        let file = directory.write("lane.jsonl", lines.joined(separator: "\n") + "\n")
        #expect(try CLI.run(["scan", "--db", db, file]).status == 0)
        let html = try CLI.run(["report", "story", "--db", db, "--format", "html", "https://first.example/a"]).stdout
        #expect(XMLCounter.parse(html) != nil)
        #expect(html.contains(">undated</text>"))
        #expect(html.contains("open: time estimated"))
        #expect(html.contains("copied from (parent to copy)"))
        // The undated copy is drawn in the lane (right of the time axis), not at the origin's time.
        let circle = try #require(
            html.components(separatedBy: "<circle").first { $0.contains("<title>undated.example") }
        )
        let cx = try #require(Int(circle.components(separatedBy: "cx=\"")[1].prefix { $0.isNumber }))
        #expect(cx > 230 + 760, "\(circle)")
        #expect(circle.contains("stroke-dasharray"))
    }

    @Test("text pages: a sidecar gives URL and date; local files are told apart by name in reports")
    func localFiles() throws {
        let body = (0..<6).map { words(50, seed: "local\($0)w") }.joined(separator: "\n\n")
        directory.write("pages/first.txt", "A story\n\n" + body)
        directory.write("pages/first.txt.json", #"{"published":"2025-02-01T09:00:00Z"}"#)
        directory.write("pages/second.txt", "A story\n\n" + body)
        directory.write("pages/second.txt.json", #"{"published":"2025-02-01T11:00:00Z"}"#)
        let scan = try CLI.run(["scan", "--db", db, directory.file("pages")])
        #expect(scan.status == 0, "\(scan.stderr)")
        let table = try CLI.run([
            "report", "story", "--db", db, "file://" + directory.file("pages/second.txt"),
        ]).stdout
        #expect(table.contains("  first.txt  origin"), "\(table)")
        // Two pages of one site ("local"): the later one is a version of the first.
        #expect(table.contains("└─ second.txt  version, 2 h 00 min after origin"), "\(table)")
        #expect(table.contains("2025-02-01T11:00:00Z"))
    }

    @Test("credit as printed: credit lines, a dateline, or a byline only when it names an agency")
    func creditAsPrinted() {
        var entry = DistributionEntry(document: 1, url: "https://a.example/1", site: "a.example", kind: "verbatim")
        entry.byline = "By Imogen Tallis"
        #expect(entry.creditAsPrinted == nil)
        entry.byline = "By Imogen Tallis, Associated Press"
        #expect(entry.creditAsPrinted == "By Imogen Tallis, Associated Press")
        entry.dateline = "HARBOURVILLE (AP) —"
        #expect(entry.creditAsPrinted == "HARBOURVILLE (AP) —")
        entry.creditLines = ["© 2025 The Associated Press."]
        #expect(entry.creditAsPrinted == "© 2025 The Associated Press.")
    }

    @Test("words: singular counts, an unchanged file, check of a folder, Ctrl-C")
    func wording() throws {
        let one = directory.write("one.txt", "A title\n\n" + words(40, seed: "word"))
        let first = try CLI.run(["scan", "--db", db, one])
        #expect(first.stdout.hasPrefix("read 1 page in "), "\(first.stdout)")
        let again = try CLI.run(["scan", "--db", db, one])
        #expect(again.stdout.contains("1 file unchanged since an earlier scan, not read again (1 record)"))
        #expect(!again.stdout.contains("resumed"))
        let copies = directory.write(
            "copies.jsonl",
            try String(contentsOfFile: Repository.sampleArchive, encoding: .utf8)
        )
        #expect(try CLI.run(["scan", "--db", db, copies]).stdout.contains("lineage inferred for 13 stories"))
        directory.write("folder/a.txt", "A\n\n" + words(40, seed: "fa"))
        directory.write("folder/b.txt", "B\n\n" + words(40, seed: "fb"))
        let folder = try CLI.run(["check", "--db", db, directory.file("folder")])
        #expect(folder.status == 2)
        #expect(folder.stderr.contains("holds 2 files; use --each"))
    }

    @Test("Ctrl-C during a scan: a message saying what is kept, exit code 130, and the scan resumes")
    func interrupt() throws {
        var lines: [String] = []
        for index in 0..<6000 {
            lines.append(#"{"url":"https://big.example/\#(index)","text":"\#(words(120, seed: "int\(index)w"))"}"#)
        }
        let input = directory.write("big.jsonl", lines.joined(separator: "\n") + "\n")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.executable)
        process.arguments = ["scan", "--db", db, "--batch-size", "200", input]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        usleep(1_500_000)
        guard process.isRunning else {
            Issue.record("the scan ended before it could be interrupted")
            return
        }
        kill(process.processIdentifier, SIGINT)
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        #expect(message.contains("wiretrace: interrupted; documents of the batches committed so far are stored"))
        let resumed = try CLI.run(["scan", "--db", db, "--json", input])
        #expect(resumed.status == 0)
        let stats = try #require(try json(CLI.run(["stats", "--db", db, "--json"]).stdout) as? [String: Any])
        #expect(stats["documents"] as? Int == 6000)
    }

    /// The commands whose help is pinned, as `scripts/update-help` names their files.
    static let helpCommands = [
        "", "scan", "check", "report", "report story", "report site", "report agencies", "report top", "extract",
        "export", "stats",
    ]

    @Test("help texts are pinned (Tests/Fixtures/help; scripts/update-help regenerates them)")
    func helpPinned() throws {
        for command in Self.helpCommands {
            let name = command.isEmpty ? "wiretrace" : command.replacingOccurrences(of: " ", with: "-")
            let pinned = try String(contentsOfFile: Repository.fixtures + "/help/\(name).txt", encoding: .utf8)
            let run = try CLI.run(
                command.split(separator: " ").map(String.init) + ["--help"],
                environment: ["COLUMNS": "100"]
            )
            #expect(run.stdout == pinned, "help of '\(command)' changed: run scripts/update-help and review the diff")
        }
    }

    @Test("the README names every option of every command, and the help names every input format")
    func helpAndREADMEAgree() throws {
        let readme = try String(contentsOfFile: Repository.root + "/README.md", encoding: .utf8)
        for command in Self.helpCommands where !command.isEmpty {
            let help = try CLI.run(command.split(separator: " ").map(String.init) + ["--help"]).stdout
            let options = Set(help.matches(of: /--[a-z][a-z-]+/).map { String($0.output) })
            for option in options where option != "--help" && option != "--version" {
                #expect(readme.contains(option), "README does not mention \(option) of '\(command)'")
            }
        }
        let scanHelp = try CLI.run(["scan", "--help"]).stdout
        for format in ["jsonl", "html", "warc", ".txt", "PAGE.html.json", "PAGE.txt.url"] {
            #expect(scanHelp.contains(format), "scan --help does not name \(format)")
        }
        let extractHelp = try CLI.run(["extract", "--help"]).stdout
        #expect(extractHelp.contains("PAGE.html.url") && !extractHelp.contains("PAGE.url "))
        #expect(!(try CLI.run(["export", "--help"]).stdout.contains("../shared")))
    }

    @Test("one convention: --format is the output, --json its JSON form, --input-format the input")
    func formatConvention() throws {
        try scanSample()
        for command in [["stats"], ["export"], ["report", "top"], ["check", "--each", Repository.sampleArchive]] {
            let long = try CLI.run(command + ["--db", db, "--format", command == ["export"] ? "jsonl" : "json"])
            let short = try CLI.run(command + ["--db", db, "--json"])
            #expect(long.stdout == short.stdout, "\(command)")
            #expect(try CLI.run(command + ["--db", db, "--json", "--format", "csv"]).status == 64, "\(command)")
        }
        let text = directory.write("page.story", "A title\n\n" + words(40, seed: "fmt"))
        for name in ["txt", "text"] {
            #expect(try CLI.run(["scan", "--db", db, "--input-format", name, text]).status == 0, "\(name)")
        }
        let wrong = try CLI.run(["scan", "--db", db, "--format", "html", text])
        #expect(wrong.status == 64)
        #expect(wrong.stderr.contains("--input-format"))
        #expect(try CLI.run(["report", "top", "--db", db, "--format", "table"]).status == 0)
    }

    @Test("the README: install step, plain 'wiretrace' in examples, no sudo; lock files and perf data ignored")
    func readme() throws {
        let readme = try String(contentsOfFile: Repository.root + "/README.md", encoding: .utf8)
        #expect(readme.contains("make install PREFIX="))
        #expect(!readme.contains("sudo"))
        #expect(!readme.contains("swift run -c release wiretrace"))
        #expect(readme.contains("\nwiretrace scan samples/sample-archive.jsonl\n"))
        let ignore = try String(contentsOfFile: Repository.root + "/.gitignore", encoding: .utf8)
        #expect(ignore.contains("*.scan-lock") && ignore.contains("perf.data"))
    }
}
