import WiretraceDetection
import WiretraceIngest

extension StoryReport {
    /// The report in `format`.
    public func render(_ format: ReportFormat) -> String {
        switch format {
        case .table: table()
        case .json: json()
        case .csv: csv()
        case .html: html()
        }
    }

    /// One line summing the story up.
    var headline: String {
        var parts = ["story \(story)"]
        if let title { parts.append("\"\(title)\"") }
        return parts.joined(separator: ": ")
    }

    var factsLine: String {
        var facts: [String] = []
        facts.append(agency.map { "credited to \($0)" } ?? "no agency credited")
        if let originMethod { facts.append("origin by \(originMethod.replacingAll("-", with: " "))") }
        facts.append(
            "\(TextReports.count(copies.count - 1, "copy", "copies")) on \(TextReports.count(sites, "site", "sites"))"
        )
        if conflictingCredits > 0 {
            facts.append(
                "\(conflictingCredits) \(conflictingCredits == 1 ? "page credits" : "pages credit") another agency"
            )
        }
        return facts.joined(separator: "; ")
    }

    static func timeText(_ copy: Copy) -> String {
        guard let time = copy.time else { return "-" }
        if copy.timeIsAddressDay { return String(time.iso8601.prefix(10)) + " (date in address)" }
        return time.iso8601 + (copy.timeIsFetch ? " (fetched)" : "")
    }

    static func delayText(_ copy: Copy) -> String {
        copy.depth == 0 && copy.entry.parent == nil ? "origin" : Statistics.duration(copy.delayAfterOrigin)
    }

    // MARK: Table

    func table() -> String {
        var lines = [headline, factsLine, ""]
        var members = TextTable([
            ("site", 30), ("published", 32), ("after origin", 14), ("kind", 10), ("parent", 30), ("jaccard", 7),
            ("credit as printed", 80),
        ])
        for copy in copies {
            members.add([
                copy.host, Self.timeText(copy), Self.delayText(copy), copy.entry.kind, copy.parentSite ?? "-",
                copy.entry.jaccard.map { TextReports.fixed($0, 2) } ?? "-",
                copy.entry.creditAsPrinted.map { Self.clip($0, 80) } ?? "-",
            ])
        }
        lines += members.lines()
        lines.append("")
        lines.append("lineage")
        treeLines(rootIndex, prefix: "", isLast: true, isRoot: true, into: &lines)
        lines.append("")
        lines.append("passages")
        var passages = TextTable([("site", 30), ("passages", 200)], indent: "  ")
        for copy in copies where copy.passageSummary != nil { passages.add([copy.host, copy.passageSummary!]) }
        lines += passages.lines(header: false)
        lines.append("")
        lines.append("urls")
        var urls = TextTable([("site", 30), ("url", 10_000)], indent: "  ")
        for copy in copies { urls.add([copy.host, copy.entry.url]) }
        lines += urls.lines(header: false)
        if !reusedBy.isEmpty {
            lines.append("")
            lines.append("reused by (pages outside the story sharing passages with a member)")
            var reuse = TextTable(
                [("site", 30), ("story", 12), ("passages", 34), ("with", 40), ("url", 10_000)],
                indent: "  "
            )
            for (record, members) in reusedBy {
                reuse.add([
                    Self.displayName(record.other.url, site: record.other.site),
                    record.other.storyID.map { "story \($0)" } ?? "no story", Self.passageText(record),
                    "with \(memberHosts(members))", record.other.url,
                ])
            }
            lines += reuse.lines(header: false)
        }
        return TerminalText.safe(lines.joined(separator: "\n"))
    }

    private func treeLines(_ index: Int, prefix: String, isLast: Bool, isRoot: Bool, into lines: inout [String]) {
        let copy = copies[index]
        let label =
            "\(TerminalText.cell(copy.host))  \(copy.entry.kind)"
            + (isRoot ? "" : ", \(Statistics.duration(copy.delayAfterOrigin)) after origin")
        lines.append(isRoot ? "  " + label : prefix + (isLast ? "└─ " : "├─ ") + label)
        let childPrefix = isRoot ? "  " : prefix + (isLast ? "   " : "│  ")
        for (position, child) in children[index].enumerated() {
            treeLines(
                child,
                prefix: childPrefix,
                isLast: position == children[index].count - 1,
                isRoot: false,
                into: &lines
            )
        }
    }

    /// "2 passages, 45 shingles (12 quoted)", or the shared shingles when no passages were measured
    /// (the whole texts were compared).
    static func passageText(_ record: ReuseRecord) -> String {
        guard !record.passages.isEmpty else { return "\(record.sharedShingles) shared shingles" }
        let matched = record.passages.reduce(0) { $0 + $1.matched }
        let quoted = record.passages.reduce(0) { $0 + $1.quoted }
        let count = record.passages.count
        return "\(count) passage\(count == 1 ? "" : "s"), \(matched) shingles"
            + (quoted > 0 ? " (\(quoted) quoted)" : "")
    }

    /// The hosts of members, by document id, comma-separated.
    func memberHosts(_ documents: [DocumentID]) -> String {
        documents.map { id in copies.first { $0.entry.document == id }?.host ?? "document \(id)" }
            .joined(separator: ", ")
    }

    static func clip(_ text: String, _ length: Int) -> String {
        text.count <= length ? text : String(text.prefix(length - 1)) + "…"
    }

    // MARK: JSON

    func json() -> String {
        var json = JSONObjectWriter()
        json.add("story", story)
        json.add("title", title)
        json.add("agency", agency)
        json.add("origin_method", originMethod)
        json.add("conflicting_credits", conflictingCredits)
        json.add("copies", copies.count - 1)
        json.add("sites", sites)
        json.addRaw(
            "members",
            JSONObjectWriter.array(
                copies.map { copy in
                    let e = copy.entry
                    var item = JSONObjectWriter()
                    item.add("document", e.document)
                    item.add("url", e.url)
                    item.add("site", e.site)
                    item.add("site_name", e.siteName)
                    item.add("title", e.title)
                    item.add("published", e.published?.iso8601)
                    item.add("fetched", e.fetched?.iso8601)
                    item.add("delay_after_origin_seconds", copy.delayAfterOrigin)
                    item.add("delay_from_fetch_time", copy.timeIsFetch)
                    item.add("delay_from_address_date", copy.timeIsAddressDay)
                    item.add("kind", e.kind)
                    item.add("parent", copy.parentURL)
                    item.add("depth", copy.depth)
                    item.add("jaccard", e.jaccard)
                    item.add("containment", e.containment)
                    item.add("reverse_containment", e.reverseContainment)
                    item.add("shared_edits", e.sharedEdits)
                    item.add("credit", e.creditAsPrinted)
                    item.add("credited_agency", copy.creditedAgency)
                    if let agrees = e.creditAgrees { item.add("credit_agrees", agrees) }
                    item.addRaw("evidence", JSONObjectWriter.array(e.evidence.map(JSONObjectWriter.quoted)))
                    item.add("alignment", e.alignment)
                    item.add("passages", copy.passageSummary)
                    return item.result
                }
            )
        )
        json.addRaw(
            "reused_by",
            JSONObjectWriter.array(
                reusedBy.map { record, members in
                    var item = JSONObjectWriter()
                    item.addRaw("members", JSONObjectWriter.array(members.map { String($0) }))
                    item.add("strongest_member", record.document)
                    item.add("url", record.other.url)
                    item.add("site", record.other.site)
                    item.add("story", record.other.storyID)
                    item.add("reuses_member", record.reuses)
                    item.add("shared_shingles", record.sharedShingles)
                    item.addRaw(
                        "passages",
                        JSONObjectWriter.array(record.passages.map { JSONObjectWriter.quoted($0.compact) })
                    )
                    return item.result
                }
            )
        )
        return json.result
    }

    // MARK: CSV

    static let csvHeader = [
        "story", "document", "url", "site", "published", "fetched", "delay_after_origin_seconds", "kind", "parent",
        "depth", "jaccard", "containment", "reverse_containment", "shared_edits", "credit", "credited_agency",
        "credit_agrees", "evidence", "alignment", "passages",
    ]

    func csv() -> String {
        var lines = [CSV.row(Self.csvHeader)]
        for copy in copies {
            let e = copy.entry
            lines.append(
                CSV.row([
                    String(story), String(e.document), e.url, e.site, e.published?.iso8601, e.fetched?.iso8601,
                    copy.delayAfterOrigin.map(String.init), e.kind, copy.parentURL, String(copy.depth),
                    e.jaccard.map { TextReports.fixed($0, 4) }, e.containment.map { TextReports.fixed($0, 4) },
                    e.reverseContainment.map { TextReports.fixed($0, 4) }, String(e.sharedEdits), e.creditAsPrinted,
                    copy.creditedAgency, e.creditAgrees.map { $0 ? "true" : "false" },
                    e.evidence.joined(separator: " "), e.alignment, copy.passageSummary,
                ])
            )
        }
        return lines.joined(separator: "\n")
    }

    // MARK: HTML

    func html() -> String {
        var page = HTMLDocument()
        page.element("h1", title ?? "Story \(story)")
        page.element("p", "Story \(story) — \(factsLine)", class: "sub")
        if let origin = copies.indices.contains(rootIndex) ? copies[rootIndex] : nil {
            page.raw("<dl class=\"facts\">")
            page.raw("<dt>Origin</dt><dd>\(HTMLDocument.link(origin.entry.site, to: origin.entry.url))</dd>")
            page.raw("<dt>First published</dt><dd>\(HTMLDocument.escape(Self.timeText(origin)))</dd>")
            if let last = copies.compactMap(\.delayAfterOrigin).max(), last > 0 {
                page.raw("<dt>Spread over</dt><dd>\(HTMLDocument.escape(Statistics.duration(last)))</dd>")
            }
            page.raw("</dl>\n")
        }
        page.element("h2", "Timeline")
        page.raw(timelineSVG())
        page.element("h2", "Lineage")
        page.raw("<ul class=\"tree\">")
        treeHTML(rootIndex, into: &page)
        page.raw("</ul>\n")
        page.element("h2", "Copies")
        page.table(
            ["Site", "Published", "After origin", "Kind", "Parent", "Jaccard", "Credit as printed", "Passages"],
            copies.map { copy in
                [
                    .html(HTMLDocument.link(copy.host, to: copy.entry.url)),
                    .text(Self.timeText(copy)),
                    .number(Self.delayText(copy)),
                    .html(HTMLDocument.badge(copy.entry.kind)),
                    .html(copy.parentSite.map { HTMLDocument.link($0, to: copy.parentURL) } ?? "—"),
                    .number(copy.entry.jaccard.map { TextReports.fixed($0, 2) } ?? "—"),
                    .text(copy.entry.creditAsPrinted ?? "—"),
                    .text(copy.passageSummary ?? "—"),
                ]
            }
        )
        if !reusedBy.isEmpty {
            page.element("h2", "Reused by")
            page.table(
                ["Page", "Its story", "Passages", "Shared with"],
                reusedBy.map { record, members in
                    [
                        .html(
                            HTMLDocument.link(
                                Self.displayName(record.other.url, site: record.other.site),
                                to: record.other.url
                            )
                        ),
                        .text(record.other.storyID.map { "story \($0)" } ?? "no story"),
                        .text(Self.passageText(record)),
                        .text(memberHosts(members)),
                    ]
                }
            )
        }
        return page.page(title: "wiretrace — \(title ?? "story \(story)")")
    }

    private func treeHTML(_ index: Int, into page: inout HTMLDocument) {
        let copy = copies[index]
        page.raw("<li>")
        page.raw(HTMLDocument.link(copy.host, to: copy.entry.url))
        page.raw(" \(HTMLDocument.badge(copy.entry.kind))")
        if copy.entry.parent != nil {
            page.raw(" <span class=\"muted\">\(HTMLDocument.escape(Statistics.duration(copy.delayAfterOrigin)))")
            if let summary = copy.passageSummary { page.raw(" · \(HTMLDocument.escape(summary))") }
            if !copy.entry.evidence.isEmpty && copy.entry.evidence != ["text"] {
                page.raw(" · by \(HTMLDocument.escape(copy.entry.evidence.joined(separator: ", ")))")
            }
            page.raw("</span>")
        }
        if copy.entry.creditAgrees == false { page.raw(" <span class=\"warn\">credit names another agency</span>") }
        if !children[index].isEmpty {
            page.raw("<ul>")
            for child in children[index] { treeHTML(child, into: &page) }
            page.raw("</ul>")
        }
        page.raw("</li>\n")
    }

    /// An SVG chart: one row per copy, placed by its delay after the origin, with a line from each copy
    /// to its parent. Hollow marks are estimated times (a fetch time, or the day the address names);
    /// copies with no time at all stand in an "undated" lane of their own to the right, not at the
    /// origin's time. A legend under the chart says what colours, lines and marks mean.
    func timelineSVG() -> String {
        let rowHeight = 20
        let labelWidth = 230
        let plotWidth = 760
        let laneGap = 30
        let laneWidth = 70
        let top = 28
        let chartBottom = top + rowHeight * copies.count + 4
        let kinds =
            Self.legendKinds.filter { kind in copies.contains { $0.entry.kind == kind } }
            + Set(copies.map(\.entry.kind)).subtracting(Self.legendKinds).sorted()
        let legendTop = chartBottom + 14
        let height = legendTop + 2 * 18 + 6
        let undated = copies.map { $0.delayAfterOrigin == nil }
        let width = labelWidth + plotWidth + (undated.contains(true) ? laneGap + laneWidth : 0) + 20
        let delays = copies.map { max(0, $0.delayAfterOrigin ?? 0) }
        let span = max(3600, zip(delays, undated).filter { !$0.1 }.map(\.0).max() ?? 0)
        let tick = Self.tickStep(span)
        let scale = Double(plotWidth) / Double(span + span / 20)
        let laneX = labelWidth + plotWidth + laneGap + laneWidth / 2
        func x(_ row: Int) -> Int {
            undated[row] ? laneX : labelWidth + Int(Double(max(0, delays[row])) * scale)
        }
        func y(_ row: Int) -> Int { top + row * rowHeight + rowHeight / 2 }
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" \
            viewBox="0 0 \(width) \(height)" role="img" aria-label="Timeline of story \(story)">

            """
        var mark: Int64 = 0
        while mark <= span + span / 20 {
            let position = labelWidth + Int(Double(mark) * scale)
            svg +=
                "<line x1=\"\(position)\" y1=\"\(top - 6)\" x2=\"\(position)\" y2=\"\(chartBottom)\" stroke=\"#e3e6ec\"/>"
            svg += "<text x=\"\(position)\" y=\"\(top - 10)\" text-anchor=\"middle\">+\(Self.tickLabel(mark))</text>\n"
            mark += tick
        }
        if undated.contains(true) {
            let left = labelWidth + plotWidth + laneGap
            svg += """
                <rect x="\(left)" y="\(top - 6)" width="\(laneWidth)" height="\(chartBottom - top + 6)" \
                fill="#f4f6f9" stroke="#e3e6ec"/><text x="\(laneX)" y="\(top - 10)" text-anchor="middle">undated</text>

                """
        }
        let rowOf = Dictionary(uniqueKeysWithValues: copies.enumerated().map { ($1.entry.document, $0) })
        for (row, copy) in copies.enumerated() {
            guard let parent = copy.entry.parent, let parentRow = rowOf[parent] else { continue }
            svg += """
                <line x1="\(x(parentRow))" y1="\(y(parentRow))" x2="\(x(row))" y2="\(y(row))" \
                stroke="#9aa3b2" stroke-width="1"/>

                """
        }
        for (row, copy) in copies.enumerated() {
            let color = HTMLDocument.color(ofKind: copy.entry.kind)
            let fill = copy.timeIsFetch || copy.timeIsAddressDay || undated[row] ? "#ffffff" : color
            let dash = undated[row] ? " stroke-dasharray=\"2 2\"" : ""
            let label = HTMLDocument.escape(Self.clip(copy.host, 34))
            let tip = HTMLDocument.escape(
                "\(copy.host) — \(copy.entry.kind), \(Self.delayText(copy)); \(Self.timeText(copy))"
            )
            svg += """
                <text x="\(labelWidth - 8)" y="\(y(row) + 4)" text-anchor="end">\(label)</text>\
                <circle cx="\(x(row))" cy="\(y(row))" r="5" fill="\(fill)" stroke="\(color)" stroke-width="2"\(dash)>\
                <title>\(tip)</title></circle>

                """
        }
        // Legend: one swatch per kind shown, then the meaning of lines and marks.
        var legendX = 10
        let kindY = legendTop + 4
        for kind in kinds {
            let color = HTMLDocument.color(ofKind: kind)
            svg += """
                <circle cx="\(legendX + 5)" cy="\(kindY)" r="5" fill="\(color)" stroke="\(color)" stroke-width="2"/>\
                <text x="\(legendX + 14)" y="\(kindY + 4)">\(HTMLDocument.escape(kind))</text>

                """
            legendX += 22 + 7 * kind.count
        }
        let keyY = legendTop + 22
        svg += """
            <line x1="10" y1="\(keyY)" x2="30" y2="\(keyY)" stroke="#9aa3b2" stroke-width="1"/>\
            <text x="36" y="\(keyY + 4)">copied from (parent to copy)</text>\
            <circle cx="215" cy="\(keyY)" r="5" fill="#ffffff" stroke="#6b7280" stroke-width="2"/>\
            <text x="224" y="\(keyY + 4)">open: time estimated (fetch time, or the date in the address)</text>\
            <circle cx="575" cy="\(keyY)" r="5" fill="#ffffff" stroke="#6b7280" stroke-width="2" stroke-dasharray="2 2"/>\
            <text x="584" y="\(keyY + 4)">undated: no time known (right-hand lane)</text>
            </svg>

            """
        return svg
    }

    /// Kinds in the order the legend lists them.
    static let legendKinds = ["origin", "version", "verbatim", "truncated", "edited", "localized", "mirror"]

    /// A step between axis marks giving at most about eight marks over `span` seconds.
    static func tickStep(_ span: Int64) -> Int64 {
        let steps: [Int64] = [
            300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800, 604_800, 2_592_000,
        ]
        return steps.first { span / $0 <= 8 } ?? max(1, span / 8)
    }

    static func tickLabel(_ seconds: Int64) -> String {
        if seconds == 0 { return "0" }
        if seconds % 86_400 == 0 { return "\(seconds / 86_400) d" }
        if seconds % 3600 == 0 { return "\(seconds / 3600) h" }
        return "\(seconds / 60) min"
    }
}
