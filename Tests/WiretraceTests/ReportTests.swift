import Foundation
import Testing
import WiretraceReports

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Parses well-formed XML (the HTML reports are written as polyglot XHTML) and counts elements.
final class XMLCounter: NSObject, XMLParserDelegate {
    var elements: [String: Int] = [:]
    var links: [String] = []

    func parser(
        _ parser: XMLParser,
        didStartElement name: String,
        namespaceURI: String?,
        qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        elements[name, default: 0] += 1
        if name == "a", let href = attributes["href"] { links.append(href) }
    }

    static func parse(_ text: String) -> XMLCounter? {
        let counter = XMLCounter()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = counter
        return parser.parse() ? counter : nil
    }
}

@Suite("Reports", .serialized)
struct ReportTests {
    let directory = TemporaryDirectory()
    var db: String { directory.file("reports.sqlite") }

    func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    /// A story of 40 copies of one wire text (some cut, some with a local paragraph), plus the sample.
    func buildDatabase() throws -> [String] {
        let wire = (0..<12).map { words(45, seed: "rep\($0)w") }
        var lines: [String] = []
        var urls: [String] = []
        func add(_ url: String, _ paragraphs: [String], minute: Int, title: String, credit: String? = nil) throws {
            var record: [String: Any] = [
                "url": url, "title": title,
                "text": (paragraphs + (credit.map { [$0] } ?? [])).joined(separator: "\n\n"),
                "published": String(format: "2025-03-01T%02d:%02d:00Z", 8 + minute / 60, minute % 60),
            ]
            record["byline"] = "By Staff"
            lines.append(String(decoding: try JSONSerialization.data(withJSONObject: record), as: UTF8.self))
            urls.append(url)
        }
        try add(
            "https://apnews.com/article/rep",
            wire,
            minute: 0,
            title: "Dam repairs begin",
            credit: "Copyright 2025 The Associated Press. All rights reserved."
        )
        for index in 1...40 {
            var text = wire
            if index % 5 == 0 { text = Array(wire.prefix(4)) }
            if index % 7 == 0 {
                text.append("Residents of town \(index) can call the council " + words(12, seed: "local\(index)w"))
            }
            try add(
                "https://www.daily\(index).example/news/dam-repairs",
                text,
                minute: index * 3,
                title: "Dam repairs begin",
                credit: index % 4 == 0 ? "Copyright 2025 The Associated Press. All rights reserved." : nil
            )
        }
        let file = directory.write("story.jsonl", lines.joined(separator: "\n") + "\n")
        let scan = try CLI.run(["scan", "--db", db, file, Repository.sampleArchive])
        #expect(scan.status == 0, "\(scan.stderr)")
        return urls
    }

    @Test("report story: every copy in table, JSON, CSV and well-formed self-contained HTML")
    func storyReport() throws {
        let urls = try buildDatabase()
        let table = try CLI.run(["report", "story", "--db", db, urls[0]])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("credited to Associated Press"))
        #expect(table.stdout.contains("40 copies on"))
        #expect(table.stdout.contains("ran the first 4 of 12 paragraphs"))
        #expect(table.stdout.contains("added 1 paragraph"))

        let jsonRun = try CLI.run(["report", "story", "--db", db, "--format", "json", urls[3]])
        let object = try #require(try json(jsonRun.stdout) as? [String: Any])
        let members = try #require(object["members"] as? [[String: Any]])
        #expect(members.count == 41)
        #expect(Set(members.compactMap { $0["url"] as? String }) == Set(urls))
        #expect(members.filter { $0["kind"] as? String == "origin" }.count == 1)
        #expect(members.first?["url"] as? String == urls[0])
        // Pages 5, 10, … 40 ran the first 4 paragraphs; page 35 also added a local one.
        #expect(members.filter { $0["kind"] as? String == "truncated" }.count == 7)
        let story = try #require(object["story"] as? Int)

        let csv = try CLI.run(["report", "story", "--db", db, "--format", "csv", String(story)])
        #expect(csv.stdout.split(separator: "\n").count == 42)

        let htmlFile = directory.file("story.html")
        let html = try CLI.run(["report", "story", "--db", db, "--format", "html", "-o", htmlFile, String(story)])
        #expect(html.status == 0, "\(html.stderr)")
        let page = try String(contentsOfFile: htmlFile, encoding: .utf8)
        let parsed = try #require(XMLCounter.parse(page), "the HTML report is not well-formed")
        #expect(parsed.elements["svg"] ?? 0 >= 1)
        // One mark per copy, each with its tooltip (the legend's marks have none), and the page's title.
        #expect(parsed.elements["title"] == 42)
        #expect(parsed.elements["script"] == nil)
        #expect(!page.contains("src=\"http"))
        for url in urls { #expect(parsed.links.contains(url), "\(url)") }
    }

    @Test("report story: an undated page fetched weeks late is placed by the day in its address")
    func addressDay() throws {
        let wire = (0..<8).map { words(45, seed: "addr\($0)w") }
        func record(_ url: String, published: String?, fetched: String?) throws -> String {
            var object: [String: Any] = [
                "url": url, "title": "Ferry strike ends", "text": wire.joined(separator: "\n\n"),
            ]
            object["published"] = published
            object["fetched"] = fetched
            return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        }
        let lines = [
            try record("https://dated.example/news/ferry", published: "2025-03-14T14:00:00Z", fetched: nil),
            try record(
                "https://late.example/2025/03/13/ferry-strike/",
                published: nil,
                fetched: "2025-04-05T08:00:00Z"
            ),
            try record("https://other.example/news/ferry", published: "2025-03-14T18:00:00Z", fetched: nil),
        ]
        let file = directory.write("address.jsonl", lines.joined(separator: "\n") + "\n")
        let scan = try CLI.run(["scan", "--db", db, file])
        #expect(scan.status == 0, "\(scan.stderr)")
        let table = try CLI.run(["report", "story", "--db", db, "https://dated.example/news/ferry"])
        #expect(table.stdout.contains("origin by estimated from url date"), "\(table.stdout)")
        #expect(table.stdout.contains("2025-03-13 (date in address)"))
        let report = try CLI.run([
            "report", "story", "--db", db, "--format", "json", "https://dated.example/news/ferry",
        ])
        let object = try #require(try json(report.stdout) as? [String: Any])
        let members = try #require(object["members"] as? [[String: Any]])
        let origin = try #require(members.first { $0["kind"] as? String == "origin" })
        #expect(origin["url"] as? String == "https://late.example/2025/03/13/ferry-strike/")
        #expect(origin["delay_from_address_date"] as? Bool == true)
        #expect(members.allSatisfy { ($0["delay_after_origin_seconds"] as? Int ?? 0) >= 0 })
        // The site report measures delays the same way: 2025-03-14T18:00Z is 42 hours after 2025-03-13.
        let site = try CLI.run(["report", "site", "--db", db, "--format", "json", "other.example"])
        let facts = try #require(try json(site.stdout) as? [String: Any])
        #expect(facts["median_delay_seconds"] as? Int == 42 * 3600, "\(site.stdout)")
    }

    @Test("report site, agencies and top in every format")
    func otherReports() throws {
        let urls = try buildDatabase()
        let site = try CLI.run(["report", "site", "--db", db, "daily5.example"])
        #expect(site.status == 0, "\(site.stderr)")
        #expect(site.stdout.contains("syndicated"))
        #expect(site.stdout.contains("Associated Press"))
        let origin = try CLI.run(["report", "site", "--db", db, "--format", "json", "https://apnews.com/x"])
        let originFacts = try #require(try json(origin.stdout) as? [String: Any])
        #expect(originFacts["originated"] as? Int == 1)
        #expect(originFacts["copies_of_originals"] as? Int == 40)

        let agencies = try CLI.run(["report", "agencies", "--db", db, "--format", "json"])
        let lines = try #require(try json(agencies.stdout) as? [[String: Any]])
        let ap = try #require(lines.first { $0["agency"] as? String == "Associated Press" })
        #expect(ap["copies"] as? Int ?? 0 >= 40)
        #expect(ap["sites_reached"] as? Int ?? 0 >= 41)

        let top = try CLI.run(["report", "top", "--db", db, "--limit", "3", "--format", "json"])
        let stories = try #require(try json(top.stdout) as? [[String: Any]])
        #expect(stories.count == 3)
        #expect(stories.first?["copies"] as? Int == 40)
        #expect(stories.first?["origin"] as? String == urls[0])
        let later = try CLI.run(["report", "top", "--db", db, "--since", "2025-04-01", "--format", "json"])
        let recent = try #require(try json(later.stdout) as? [[String: Any]])
        #expect(!recent.contains { $0["origin"] as? String == urls[0] })

        for format in ["table", "csv", "html"] {
            for command in [["site", "www.daily7.example"], ["agencies"], ["top"]] {
                let run = try CLI.run(["report"] + command + ["--db", db, "--format", format])
                #expect(run.status == 0, "\(command) \(format): \(run.stderr)")
                if format == "html" { #expect(XMLCounter.parse(run.stdout) != nil, "\(command) html") }
            }
        }
    }

    @Test("reports name what they cannot find, with distinct exit codes")
    func errors() throws {
        _ = try buildDatabase()
        let missing = try CLI.run(["report", "story", "--db", db, "99999"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no story 99999"))
        let unknownURL = try CLI.run(["report", "story", "--db", db, "https://nowhere.example/x"])
        #expect(unknownURL.status == 1)
        let site = try CLI.run(["report", "site", "--db", db, "nowhere.example"])
        #expect(site.status == 1)
        let badDate = try CLI.run(["report", "top", "--db", db, "--since", "yesterday"])
        #expect(badDate.status == 64)
        let badFormat = try CLI.run(["report", "agencies", "--db", db, "--format", "pdf"])
        #expect(badFormat.status == 64)
        let noDatabase = try CLI.run(["report", "agencies", "--db", directory.file("absent.sqlite")])
        #expect(noDatabase.status == 74)
    }

    @Test("check: a page with no stored copy whose credit line says it is syndicated exits 0 and says why")
    func creditedCheck() throws {
        _ = try buildDatabase()
        let page = directory.write(
            "credited.txt",
            "Senate passes budget\n\nWASHINGTON (AP) — " + words(60, seed: "senate") + "\n\n" + words(40, seed: "house")
        )
        let run = try CLI.run(["check", "--db", db, "--json", page])
        #expect(run.status == 0, "\(run.stderr)")
        let verdict = try #require(try json(run.stdout) as? [String: Any])
        #expect(verdict["verdict"] as? String == "credited")
        let credit = try #require(verdict["credit"] as? [String: Any])
        #expect(credit["agency"] as? String == "Associated Press")
        let text = try CLI.run(["check", "--db", db, page])
        #expect(text.stdout.contains("syndicated from Associated Press (by credit line), no earlier copy stored"))

        let plain = directory.write("plain.txt", "Local fair opens\n\n" + words(80, seed: "fair"))
        #expect(try CLI.run(["check", "--db", db, plain]).status == 1)
    }

    @Test("check: a copy is placed in the story's lineage")
    func placedCheck() throws {
        let urls = try buildDatabase()
        let wire = (0..<12).map { words(45, seed: "rep\($0)w") }
        let record: [String: Any] = [
            "url": "https://late.example.net/dam", "title": "Dam repairs begin",
            "text": wire.prefix(6).joined(separator: "\n\n"),
            "published": "2025-03-02T10:00:00Z",
        ]
        let file = directory.write(
            "late.jsonl",
            String(decoding: try JSONSerialization.data(withJSONObject: record), as: UTF8.self)
        )
        let run = try CLI.run(["check", "--db", db, "--json", file])
        #expect(run.status == 0, "\(run.stderr)")
        let verdict = try #require(try json(run.stdout) as? [String: Any])
        let lineage = try #require(verdict["lineage"] as? [String: Any])
        #expect(lineage["parent"] as? String == urls[0])
        #expect(lineage["kind"] as? String == "truncated")
        #expect(lineage["story_agency"] as? String == "Associated Press")
    }
}

@Suite("JSON string literals")
struct JSONQuotingTests {
    /// The escaping rules spelled out character by character (the writer works on bytes).
    static func reference(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    @Test("escapes exactly as the character-by-character rules, and JSON reads the value back")
    func quoting() throws {
        var generator = SystemRandomNumberGenerator()
        let pieces: [String] = [
            "a", "Zürich", "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1F}", "\u{7F}", "\u{2028}", "\u{2029}",
            "\u{2027}", "\u{202A}", "€", "😀", "e\u{301}", " ", "/", "\u{E2}", "plain words ",
        ]
        var cases = ["", "\u{2028}", "x\u{2029}", "\"\"", String(repeating: "é", count: 300)]
        for _ in 0..<2_000 {
            let length = Int.random(in: 0..<24, using: &generator)
            cases.append((0..<length).map { _ in pieces.randomElement(using: &generator)! }.joined())
        }
        for value in cases {
            let quoted = JSONObjectWriter.quoted(value)
            #expect(quoted == Self.reference(value), "\(Array(value.unicodeScalars))")
            let decoded = try JSONSerialization.jsonObject(with: Data("[\(quoted)]".utf8)) as? [String]
            #expect(decoded == [value])
        }
    }
}
