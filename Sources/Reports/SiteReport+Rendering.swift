import WiretraceDetection
import WiretraceIngest

extension SiteReport {
    /// The report in `format`. CSV lists the stories the site took part in.
    public func render(_ format: ReportFormat) -> String {
        switch format {
        case .table: table()
        case .json: json()
        case .csv: csv()
        case .html: html()
        }
    }

    var name: String { siteName.map { "\($0) (\(site))" } ?? site }

    var summaryLines: [(String, String)] {
        var facts: [(String, String)] = [
            ("documents", "\(documents)"),
            (
                "syndicated", "\(syndicated) (\(TextReports.fixed(syndicatedShare * 100, 1)) % of its documents)"
            ),
        ]
        if firstToRunAgencyStory > 0 {
            facts.append(
                (
                    "first to run an agency's story",
                    TextReports.count(firstToRunAgencyStory, "page", "pages")
                        + " (the story is the agency's, not the site's)"
                )
            )
        }
        facts += [
            (
                "originated",
                "\(TextReports.count(originated, "story", "stories")) that others copied, "
                    + "\(TextReports.count(copiesOfOriginals, "copy", "copies")) in all"
            ),
            ("in no story", "\(unmatched)"),
            ("median delay after origin", Statistics.duration(medianDelay)),
        ]
        if compilations > 0 { facts.append(("roundups", "\(compilations)")) }
        if mislabelled > 0 { facts.append(("credits naming another agency", "\(mislabelled)")) }
        return facts
    }

    func table() -> String {
        var lines = ["site \(TerminalText.cell(name))"]
        var facts = TextTable([("", 32), ("", 10_000)], indent: "  ")
        for (label, value) in summaryLines { facts.add([label, value]) }
        lines += facts.lines(header: false)
        lines.append("")
        lines.append("syndicated from")
        var from = TextTable([("", 32), ("", 10_000)], indent: "  ")
        for agency in agencies { from.add([agency.name, String(agency.pages)]) }
        lines += from.lines(header: false)
        if !kinds.isEmpty {
            lines.append("")
            lines.append("how it copies")
            var how = TextTable([("", 32), ("", 10_000)], indent: "  ")
            for kind in kinds { how.add([kind.kind, String(kind.pages)]) }
            lines += how.lines(header: false)
        }
        lines.append("")
        lines.append("top stories")
        lines.append(contentsOf: Self.storyTable(topStories))
        if !originatedStories.isEmpty {
            lines.append("")
            lines.append("stories it originated")
            lines.append(contentsOf: Self.storyTable(originatedStories))
        }
        return TerminalText.safe(lines.joined(separator: "\n"))
    }

    static func storyTable(_ stories: [StoryLine]) -> [String] {
        var table = TextTable(
            [("story", 8), ("members", 8), ("role", 10), ("after origin", 14), ("title", 10_000)],
            indent: "  "
        )
        for line in stories {
            table.add([
                String(line.story), String(line.members), line.kind,
                line.isOrigin ? "-" : Statistics.duration(line.delayAfterOrigin), line.title ?? "",
            ])
        }
        return table.lines()
    }

    func json() -> String {
        var json = JSONObjectWriter()
        json.add("site", site)
        json.add("site_name", siteName)
        json.add("documents", documents)
        json.add("syndicated", syndicated)
        json.add("syndicated_share", syndicatedShare)
        json.add("first_to_run_agency_story", firstToRunAgencyStory)
        json.add("originated", originated)
        json.add("copies_of_originals", copiesOfOriginals)
        json.add("unmatched", unmatched)
        json.add("compilations", compilations)
        json.add("median_delay_seconds", medianDelay)
        json.add("mislabelled_credits", mislabelled)
        var agencies = JSONObjectWriter()
        for agency in self.agencies { agencies.add(agency.name, agency.pages) }
        json.addRaw("agencies", agencies.result)
        var kinds = JSONObjectWriter()
        for kind in self.kinds { kinds.add(kind.kind, kind.pages) }
        json.addRaw("kinds", kinds.result)
        json.addRaw("top_stories", Self.storiesJSON(topStories))
        json.addRaw("originated_stories", Self.storiesJSON(originatedStories))
        return json.result
    }

    static func storiesJSON(_ stories: [StoryLine]) -> String {
        JSONObjectWriter.array(
            stories.map { line in
                var item = JSONObjectWriter()
                item.add("story", line.story)
                item.add("title", line.title)
                item.add("members", line.members)
                item.add("kind", line.kind)
                item.add("delay_after_origin_seconds", line.delayAfterOrigin)
                item.add("direct_copies", line.children)
                return item.result
            }
        )
    }

    func csv() -> String {
        var lines = [
            CSV.row(["site", "story", "title", "members", "kind", "delay_after_origin_seconds", "direct_copies"])
        ]
        for line in topStories {
            lines.append(
                CSV.row([
                    site, String(line.story), line.title, String(line.members), line.kind,
                    line.delayAfterOrigin.map(String.init), String(line.children),
                ])
            )
        }
        return lines.joined(separator: "\n")
    }

    func html() -> String {
        var page = HTMLDocument()
        page.element("h1", name)
        page.raw("<dl class=\"facts\">")
        for (label, value) in summaryLines {
            page.raw("<dt>\(HTMLDocument.escape(label))</dt><dd>\(HTMLDocument.escape(value))</dd>")
        }
        page.raw("</dl>\n")
        page.element("h2", "Syndicated from")
        page.raw(BarChart.svg(agencies.map { ($0.name, $0.pages) }))
        page.element("h2", "Top stories")
        page.table(
            ["Story", "Members", "Role", "After origin", "Title"],
            topStories.map { line in
                [
                    .number(String(line.story)), .number(String(line.members)), .html(HTMLDocument.badge(line.kind)),
                    .number(line.isOrigin ? "—" : Statistics.duration(line.delayAfterOrigin)), .text(line.title ?? ""),
                ]
            }
        )
        if !originatedStories.isEmpty {
            page.element("h2", "Stories it originated")
            page.table(
                ["Story", "Members", "Direct copies", "Title"],
                originatedStories.map { line in
                    [
                        .number(String(line.story)), .number(String(line.members)), .number(String(line.children)),
                        .text(line.title ?? ""),
                    ]
                }
            )
        }
        return page.page(title: "wiretrace — \(name)")
    }
}

extension AgencyReport {
    /// The report in `format`.
    public func render(_ format: ReportFormat) -> String {
        switch format {
        case .table:
            var table = TextTable([
                ("agency", 32), ("stories", 7), ("copies", 6), ("sites", 5), ("median copies", 13), ("largest", 7),
                ("mislabelled", 11),
            ])
            for line in lines {
                table.add([
                    line.agency, String(line.stories), String(line.copies), String(line.sitesReached),
                    TextReports.fixed(line.medianCopiesPerStory, 1), String(line.largestStory),
                    String(line.mislabelled),
                ])
            }
            return TerminalText.safe(table.lines().joined(separator: "\n"))
        case .json:
            return JSONObjectWriter.array(
                lines.map { line in
                    var item = JSONObjectWriter()
                    item.add("agency", line.agency)
                    item.add("stories", line.stories)
                    item.add("copies", line.copies)
                    item.add("sites_reached", line.sitesReached)
                    item.add("median_copies_per_story", line.medianCopiesPerStory, digits: 1)
                    item.add("largest_story", line.largestStory)
                    item.add("mislabelled_credits", line.mislabelled)
                    return item.result
                }
            )
        case .csv:
            var rows = [
                CSV.row([
                    "agency", "stories", "copies", "sites_reached", "median_copies_per_story", "largest_story",
                    "mislabelled_credits",
                ])
            ]
            for line in lines {
                rows.append(
                    CSV.row([
                        line.agency, String(line.stories), String(line.copies), String(line.sitesReached),
                        TextReports.fixed(line.medianCopiesPerStory, 1), String(line.largestStory),
                        String(line.mislabelled),
                    ])
                )
            }
            return rows.joined(separator: "\n")
        case .html:
            var page = HTMLDocument()
            page.element("h1", "Agencies")
            page.element("p", "Stories, copies and reach per credited agency.", class: "sub")
            page.raw(BarChart.svg(lines.map { ($0.agency, $0.copies) }))
            page.table(
                ["Agency", "Stories", "Copies", "Sites reached", "Median copies per story", "Largest", "Mislabelled"],
                lines.map { line in
                    [
                        .text(line.agency), .number(String(line.stories)), .number(String(line.copies)),
                        .number(String(line.sitesReached)), .number(TextReports.fixed(line.medianCopiesPerStory, 1)),
                        .number(String(line.largestStory)), .number(String(line.mislabelled)),
                    ]
                }
            )
            return page.page(title: "wiretrace — agencies")
        }
    }
}

extension TopStoriesReport {
    /// The report in `format`.
    public func render(_ format: ReportFormat) -> String {
        switch format {
        case .table:
            var table = TextTable([
                ("story", 6), ("copies", 6), ("sites", 5), ("agency", 26), ("first seen", 20), ("origin", 30),
                ("title", 10_000),
            ])
            for story in stories {
                table.add([
                    String(story.story), String(story.copies), String(story.sites),
                    story.agency.map(StoryReport.agencyName) ?? "-", story.firstSeen?.iso8601 ?? "-",
                    story.originURL.map { StoryReport.displayName($0, site: story.originSite ?? "-") }
                        ?? story.originSite ?? "-",
                    story.title ?? "",
                ])
            }
            return TerminalText.safe(table.lines().joined(separator: "\n"))
        case .json:
            return JSONObjectWriter.array(
                stories.map { story in
                    var item = JSONObjectWriter()
                    item.add("story", story.story)
                    item.add("title", story.title)
                    item.add("copies", story.copies)
                    item.add("sites", story.sites)
                    item.add("agency", story.agency.map(StoryReport.agencyName))
                    item.add("first_seen", story.firstSeen?.iso8601)
                    item.add("origin", story.originURL)
                    item.add("origin_site", story.originSite)
                    return item.result
                }
            )
        case .csv:
            var rows = [CSV.row(["story", "title", "copies", "sites", "agency", "first_seen", "origin"])]
            for story in stories {
                rows.append(
                    CSV.row([
                        String(story.story), story.title, String(story.copies), String(story.sites),
                        story.agency.map(StoryReport.agencyName), story.firstSeen?.iso8601, story.originURL,
                    ])
                )
            }
            return rows.joined(separator: "\n")
        case .html:
            var page = HTMLDocument()
            page.element("h1", "Most widely syndicated stories")
            if let since { page.element("p", "Stories first seen since \(since.iso8601).", class: "sub") }
            page.raw(BarChart.svg(stories.map { ("\($0.story): \(StoryReport.clip($0.title ?? "", 40))", $0.copies) }))
            page.table(
                ["Story", "Copies", "Sites", "Agency", "First seen", "Origin", "Title"],
                stories.map { story in
                    [
                        .number(String(story.story)), .number(String(story.copies)), .number(String(story.sites)),
                        .text(story.agency.map(StoryReport.agencyName) ?? "—"), .text(story.firstSeen?.iso8601 ?? "—"),
                        .html(HTMLDocument.link(story.originSite ?? "—", to: story.originURL)),
                        .text(story.title ?? ""),
                    ]
                }
            )
            return page.page(title: "wiretrace — top stories")
        }
    }
}

/// Horizontal bar charts as inline SVG.
enum BarChart {
    static func svg(_ bars: [(String, Int)]) -> String {
        guard !bars.isEmpty else { return "<p class=\"muted\">Nothing to chart.</p>\n" }
        let labelWidth = 300
        let barWidth = 520
        let rowHeight = 20
        let largest = max(1, bars.map(\.1).max() ?? 1)
        let height = rowHeight * bars.count + 6
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(labelWidth + barWidth + 60)" height="\(height)" \
            viewBox="0 0 \(labelWidth + barWidth + 60) \(height)" role="img">

            """
        for (row, bar) in bars.enumerated() {
            let y = row * rowHeight + 3
            let width = max(1, bar.1 * barWidth / largest)
            svg += """
                <text x="\(labelWidth - 8)" y="\(y + 13)" text-anchor="end">\(HTMLDocument.escape(StoryReport.clip(bar.0, 48)))</text>\
                <rect x="\(labelWidth)" y="\(y + 2)" width="\(width)" height="\(rowHeight - 6)" fill="#1f5fbf"/>\
                <text x="\(labelWidth + width + 6)" y="\(y + 13)">\(bar.1)</text>

                """
        }
        svg += "</svg>\n"
        return svg
    }
}
