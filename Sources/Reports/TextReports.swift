import WiretraceDetection
import WiretraceLineage
import WiretracePipeline

/// Human-readable and JSON renderings of scan summaries, check verdicts and statistics.
public enum TextReports {
    /// The scan summary for people. Problems are listed on standard error by the caller as they are
    /// errors, so that they are seen whatever becomes of standard output; here only their count shows.
    public static func scanSummary(_ s: ScanSummary, listingProblems: Bool = true) -> String {
        var lines: [String] = []
        let rate = s.seconds > 0 ? Double(s.pagesRead) / s.seconds : 0
        lines.append(
            "read \(count(s.pagesRead, "page", "pages")) in \(fixed(s.seconds, 1)) s (\(fixed(rate, 0)) pages/s, "
                + "\(fixed(Double(s.textBytes) / 1_048_576 / max(s.seconds, 1e-9), 1)) MB/s of text)"
        )
        lines.append(
            "new documents \(s.newDocuments): exact copies \(s.exactCopies), near copies \(s.nearCopies), "
                + "new stories \(s.newStories), compilations \(s.compilations)"
        )
        var other: [String] = []
        if s.alreadyStored > 0 { other.append("already stored \(s.alreadyStored)") }
        if s.revisions > 0 { other.append("new revisions \(s.revisions)") }
        if s.storiesMerged > 0 { other.append("stories merged \(s.storiesMerged)") }
        if s.compilationsDetached > 0 { other.append("roundups taken out of stories \(s.compilationsDetached)") }
        if s.ignoredFiles > 0 { other.append("files of other types ignored \(s.ignoredFiles)") }
        if s.resumedFiles > 0 {
            other.append(
                "\(count(s.resumedFiles, "file", "files")) unchanged since an earlier scan, not read again "
                    + "(\(count(s.unchangedRecords, "record", "records")))"
            )
        }
        if s.resumedRecords > s.unchangedRecords {
            let records = s.resumedRecords - s.unchangedRecords
            other.append(
                "resumed an interrupted scan: \(count(records, "record", "records")) stored by it were not read again"
            )
        }
        if s.lineageInferred > 0 {
            other.append("lineage inferred for \(count(s.lineageInferred, "story", "stories"))")
        }
        let ignored = s.ignoredRecords.values.reduce(0, +)
        if ignored > 0 {
            let reasons = s.ignoredRecords.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            other.append("archive records that are no articles \(ignored) (\(reasons.joined(separator: ", ")))")
        }
        if !other.isEmpty { lines.append(other.joined(separator: ", ")) }
        if s.skippedCount > 0 {
            let reasons = s.skipped.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            lines.append("skipped \(s.skippedCount): \(reasons)")
            if listingProblems {
                for problem in s.problems { lines.append("  \(problem)") }
                if s.skippedCount > s.problems.count {
                    lines.append("  … and \(s.skippedCount - s.problems.count) more")
                }
            }
        }
        return TerminalText.safe(lines.joined(separator: "\n"))
    }

    /// "1 page", "2 pages".
    public static func count(_ value: Int, _ singular: String, _ plural: String) -> String {
        "\(value) \(value == 1 ? singular : plural)"
    }

    public static func scanSummaryJSON(_ s: ScanSummary) -> String {
        var json = JSONObjectWriter()
        json.add("pages_read", s.pagesRead)
        json.add("new_documents", s.newDocuments)
        json.add("exact_copies", s.exactCopies)
        json.add("near_copies", s.nearCopies)
        json.add("new_stories", s.newStories)
        json.add("compilations", s.compilations)
        json.add("already_stored", s.alreadyStored)
        json.add("revisions", s.revisions)
        json.add("stories_merged", s.storiesMerged)
        json.add("roundups_detached", s.compilationsDetached)
        json.add("ignored_files", s.ignoredFiles)
        json.add("resumed_files", s.resumedFiles)
        json.add("resumed_records", s.resumedRecords)
        json.add("unchanged_records", s.unchangedRecords)
        json.add("lineage_inferred", s.lineageInferred)
        var ignored = JSONObjectWriter()
        for (reason, count) in s.ignoredRecords.sorted(by: { $0.key < $1.key }) { ignored.add(reason, count) }
        json.addRaw("ignored_records", ignored.result)
        json.add("skipped", s.skippedCount)
        var reasons = JSONObjectWriter()
        for (reason, count) in s.skipped.sorted(by: { $0.key < $1.key }) { reasons.add(reason, count) }
        json.addRaw("skipped_by_reason", reasons.result)
        json.addRaw(
            "problems",
            JSONObjectWriter.array(
                s.problems.map { problem in
                    var p = JSONObjectWriter()
                    p.add("location", problem.location.description)
                    p.add("reason", problem.reason)
                    p.add("message", problem.message)
                    return p.result
                }
            )
        )
        json.add("seconds", s.seconds, digits: 3)
        return json.result
    }

    public static func check(_ report: CheckReport) -> String {
        var lines: [String] = []
        let name = report.title.map { "\"\(TerminalText.cell($0))\" (\(report.url))" } ?? report.url
        func copiesText() -> String {
            let storyText = report.story.map { "story \($0)" } ?? "documents in no story yet"
            return "\(report.copies) stored \(report.copies == 1 ? "copy" : "copies") (\(storyText))"
        }
        switch report.verdict {
        case .copy, .original:
            if report.verdict == .original {
                lines.append(
                    "ORIGINAL (earliest known copy): \(name) is the first of its story; it matches " + copiesText()
                )
            } else {
                lines.append("SYNDICATED: \(name) matches " + copiesText())
            }
            if let first = report.firstPublished {
                lines.append(
                    "first published: \(StoryReport.displayName(first.url, site: first.site)) "
                        + "\(first.effectiveTime?.iso8601 ?? "(no date)")"
                        + "\(first.published == nil ? " (fetch time)" : "")  \(first.url)"
                )
            }
            if let placement = report.placement {
                if placement.wouldBeOrigin {
                    lines.append("lineage: this page is the story's origin (no stored copy predates it)")
                } else if let parent = placement.parent {
                    let evidence = placement.evidence.filter { $0 != "text" }
                    lines.append(
                        "copied from: \(StoryReport.displayName(parent.url, site: parent.site)) "
                            + "(\(placement.kind.rawValue)"
                            + (evidence.isEmpty ? "" : ", by \(evidence.joined(separator: ", "))") + ")  \(parent.url)"
                    )
                }
                if let agency = placement.storyAgency { lines.append("story credited to: \(agency.name)") }
            } else if report.predatesStoredCopies {
                lines.append("note: this page is dated before every stored copy; it may be the origin")
            }
            if let credit = creditText(report) { lines.append("credit: \(credit)") }
        case .compilation:
            lines.append("COMPILATION: \(name) quotes the leads of several stored stories; it is not a copy of one")
        case .credited:
            lines.append(
                "SYNDICATED: \(name) is syndicated from \(creditSource(report.claim)) (by credit line), "
                    + "no earlier copy stored"
            )
            if let credit = creditText(report) { lines.append("credit: \(credit)") }
        case .noMatch:
            lines.append("NO MATCH: \(name) matches no stored document")
            if let own = report.ownAgency {
                lines.append("note: published on \(own.name)'s own site; an original, not a copy")
            }
        }
        if !report.matches.isEmpty {
            lines.append("")
            var table = TextTable([
                ("site", 30), ("published", 20), ("jaccard", 7), ("contain", 7), ("relation", 9), ("url", 10_000),
            ])
            for match in report.matches {
                let d = match.document
                table.add([
                    StoryReport.displayName(d.url, site: d.site), d.published?.iso8601 ?? "-", fixed(match.jaccard, 3),
                    fixed(match.containment, 3), match.relation, d.url,
                ])
            }
            lines += table.lines()
            if report.copies > report.matches.count {
                let more = report.copies - report.matches.count
                lines.append(
                    "… and \(more) more exact \(more == 1 ? "copy" : "copies")"
                        + (report.story.map { " (wiretrace report story \($0))" } ?? "")
                )
            }
        }
        if !report.reuses.isEmpty {
            lines.append("")
            lines.append("reuses passages of (shared text, no copy):")
            var table = TextTable([("site", 30), ("story", 12), ("passages", 34), ("url", 10_000)], indent: "  ")
            for match in report.reuses {
                let d = match.document
                let shared = match.passages.reduce(0) { $0 + $1.matched }
                table.add([
                    StoryReport.displayName(d.url, site: d.site), d.storyID.map { "story \($0)" } ?? "no story",
                    "\(count(match.passages.count, "passage", "passages")), \(shared) shingles", d.url,
                ])
            }
            lines += table.lines(header: false)
        }
        if report.partialOverlaps > 0 {
            let others = report.partialOverlaps == 1 ? "document shares" : "documents share"
            lines.append("(\(report.partialOverlaps) more stored \(others) some text without being a copy)")
        }
        if let explanation = report.explanation { lines += explain(explanation) }
        if let stored = report.storedAs {
            lines.append(
                "this URL is stored already as document \(stored.id)"
                    + (stored.storyID.map { " in story \($0)" } ?? "")
            )
        }
        if let added = report.added { lines.append("added: \(describe(added))") }
        return TerminalText.safe(lines.joined(separator: "\n"))
    }

    /// The `--explain` section: the story rule that decided, and every stored document measured with the
    /// pair rule that decided it and its passages (positions in the article and in the document, the
    /// matched shingles, quoted ones, and the article's first words there).
    static func explain(_ explanation: CheckExplanation) -> [String] {
        var lines = ["", "why:"]
        lines.append(
            "  story rule: " + (explanation.storyRule.isEmpty ? "none (a document of its own)" : explanation.storyRule)
        )
        if !explanation.mergeRules.isEmpty {
            lines.append("  stories merged by: " + explanation.mergeRules.joined(separator: ", "))
        }
        for (cluster, rule) in explanation.excluded {
            let name: String
            switch cluster {
            case .story(let id): name = "story \(id)"
            case .single(let id): name = "document \(id)"
            }
            lines.append("  not joined: \(name) (\(rule))")
        }
        if explanation.matches.isEmpty { lines.append("  no stored document shares enough text to measure") }
        for match in explanation.matches {
            let d = match.document
            lines.append(
                "  \(match.relation) by \(match.rule.isEmpty ? "-" : match.rule): "
                    + "\(StoryReport.displayName(d.url, site: d.site))"
                    + (d.storyID.map { " (story \($0))" } ?? "")
                    + " jaccard \(fixed(match.jaccard, 3)) containment \(fixed(match.containment, 3))  \(d.url)"
            )
            for passage in match.passages {
                lines.append(
                    "    article \(passage.new.lowerBound)-\(passage.new.upperBound), document "
                        + "\(passage.stored.lowerBound)-\(passage.stored.upperBound): \(passage.matched) shingles"
                        + (passage.quoted > 0 ? ", \(passage.quoted) quoted" : "")
                        + (passage.common > 0 ? ", \(passage.common) common" : "")
                        + "  \"\(explanation.words(at: passage.new.lowerBound)) …\""
                )
            }
        }
        return lines
    }

    /// One tab-separated line per checked article (`check --each`): verdict, story, number of copy
    /// matches, the article's URL and the earliest stored publication of the story ("-" when none).
    public static func checkLine(_ report: CheckReport) -> String {
        [
            report.verdict.rawValue,
            report.story.map { "story \($0)" } ?? "-",
            String(report.copies),
            TerminalText.cell(report.url),
            TerminalText.cell(report.firstPublished?.url ?? "-"),
        ].joined(separator: "\t")
    }

    public static func checkJSON(_ report: CheckReport) -> String {
        var json = JSONObjectWriter()
        json.add("url", report.url)
        json.add("title", report.title)
        json.add("verdict", report.verdict.rawValue)
        json.add("story", report.story)
        if let first = report.firstPublished {
            json.addRaw("first_published", document(first))
        } else {
            json.add("first_published", nil as String?)
        }
        json.add("predates_stored_copies", report.predatesStoredCopies)
        var credit = JSONObjectWriter()
        credit.add("agency", report.claim.agency?.name)
        credit.add("agency_id", report.claim.agency?.id)
        credit.add("distributor", report.claim.distributor?.name)
        credit.add("via", report.claim.via)
        credit.add("strength", report.claim.strength == .none ? nil : "\(report.claim.strength)")
        credit.add("evidence", report.claim.evidence)
        json.addRaw("credit", credit.result)
        json.add("own_agency_site", report.ownAgency?.name)
        if let placement = report.placement {
            var p = JSONObjectWriter()
            p.add("parent", placement.parent?.url)
            p.add("kind", placement.kind.rawValue)
            p.addRaw("evidence", JSONObjectWriter.array(placement.evidence.map(JSONObjectWriter.quoted)))
            p.add("story_agency", placement.storyAgency?.name)
            p.add("would_be_origin", placement.wouldBeOrigin)
            json.addRaw("lineage", p.result)
        } else {
            json.add("lineage", nil as String?)
        }
        json.addRaw(
            "matches",
            JSONObjectWriter.array(
                report.matches.map { match in
                    var m = JSONObjectWriter()
                    m.add("url", match.document.url)
                    m.add("site", match.document.site)
                    m.add("published", match.document.published?.iso8601)
                    m.add("story", match.document.storyID)
                    m.add("jaccard", match.jaccard)
                    m.add("containment", match.containment)
                    m.add("relation", match.relation)
                    return m.result
                }
            )
        )
        json.add("copies", report.copies)
        json.add("partial_overlaps", report.partialOverlaps)
        json.addRaw("reuses", JSONObjectWriter.array(report.reuses.map(matchJSON)))
        if let explanation = report.explanation {
            var e = JSONObjectWriter()
            e.add("story_rule", explanation.storyRule.isEmpty ? nil : explanation.storyRule)
            e.addRaw("merge_rules", JSONObjectWriter.array(explanation.mergeRules.map(JSONObjectWriter.quoted)))
            e.addRaw("matches", JSONObjectWriter.array(explanation.matches.map(matchJSON)))
            json.addRaw("explain", e.result)
        }
        json.add("stored_as", report.storedAs?.id)
        json.add("added", report.added.map(describe))
        return json.result
    }

    /// A match with its rule and passages, as JSON.
    static func matchJSON(_ match: CheckMatch) -> String {
        var m = JSONObjectWriter()
        m.add("url", match.document.url)
        m.add("site", match.document.site)
        m.add("story", match.document.storyID)
        m.add("relation", match.relation)
        m.add("rule", match.rule.isEmpty ? nil : match.rule)
        m.add("jaccard", match.jaccard)
        m.add("containment", match.containment)
        m.addRaw(
            "passages",
            JSONObjectWriter.array(
                match.passages.map { passage in
                    var p = JSONObjectWriter()
                    p.add("article_start", passage.new.lowerBound)
                    p.add("article_end", passage.new.upperBound)
                    p.add("document_start", passage.stored.lowerBound)
                    p.add("document_end", passage.stored.upperBound)
                    p.add("matched", passage.matched)
                    p.add("quoted", passage.quoted)
                    p.add("common", passage.common)
                    return p.result
                }
            )
        )
        return m.result
    }

    /// "Associated Press", "The Riverton Herald", or "Tribune Content Agency" as a credit names them.
    static func creditSource(_ claim: CreditClaim) -> String {
        if let agency = claim.agency {
            return agency.name + (claim.distributor.map { ", distributed by \($0.name)" } ?? "")
        }
        if let distributor = claim.distributor { return distributor.name }
        return claim.via ?? "an unnamed source"
    }

    /// The words of the page that make its credit claim, quoted.
    static func creditText(_ report: CheckReport) -> String? {
        guard let words = report.claim.evidence ?? (report.claim.via.map { "originally published by \($0)" }) else {
            return nil
        }
        return "\"\(words)\"" + (report.claim.agency.map { " → \($0.name)" } ?? "")
    }

    static func document(_ d: DocumentSummary) -> String {
        var json = JSONObjectWriter()
        json.add("url", d.url)
        json.add("site", d.site)
        json.add("title", d.title)
        json.add("published", d.published?.iso8601)
        json.add("fetched", d.fetched?.iso8601)
        return json.result
    }

    public static func describe(_ outcome: AddOutcome) -> String {
        switch outcome {
        case .duplicate(let id): "already stored (document \(id))"
        case .revision(let id, let revision): "new revision \(revision) of document \(id)"
        case .exactCopy(let id, let story, _): "document \(id), exact copy" + (story.map { " in story \($0)" } ?? "")
        case .nearCopy(let id, let story, _): "document \(id), copy in story \(story)"
        case .compilation(let id): "document \(id), a compilation in no story"
        case .unique(let id): "document \(id), in no story"
        }
    }

    public static func statistics(_ s: StoreStatistics) -> String {
        [
            "documents      \(s.documents)",
            "stories        \(s.stories)  (largest \(count(s.largestStory, "document", "documents")))",
            "copies         \(s.copies)  (story members other than the origin)",
            "sites          \(s.sites)",
            "revisions      \(s.revisions)",
            "compilations   \(s.compilations)",
        ].joined(separator: "\n")
    }

    public static func statisticsJSON(_ s: StoreStatistics) -> String {
        var json = JSONObjectWriter()
        json.add("documents", s.documents)
        json.add("stories", s.stories)
        json.add("copies", s.copies)
        json.add("story_members", s.storyMembers)
        json.add("largest_story", s.largestStory)
        json.add("sites", s.sites)
        json.add("revisions", s.revisions)
        json.add("compilations", s.compilations)
        return json.result
    }

    public static func fixed(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite else { return "-" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        var text = String(rounded)
        if digits == 0 { return String(Int64(rounded)) }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 2 {
            let fraction = parts[1]
            text = parts[0] + "." + fraction + String(repeating: "0", count: max(0, digits - fraction.count))
        }
        return text
    }

    /// `text` padded to `width` columns, or cut with "…" to fit (see ``TextTable``).
    static func pad(_ text: String, _ width: Int) -> String {
        TextTable.fit(TerminalText.cell(text), width - 1) + " "
    }
}
