import WiretraceDetection

/// Output formats of `export`.
public enum ExportFormat: String, CaseIterable, Sendable {
    case jsonl, csv
}

/// Renders export records; the JSONL form is what `../shared/eval/score.py` reads.
public enum ExportFormatter {
    public static let csvHeader = CSV.row([
        "url", "site", "story", "origin", "parent", "kind", "published", "fetched", "title", "compilation", "reuses",
    ])

    public static func line(_ record: ExportRecord, format: ExportFormat) -> String {
        switch format {
        case .jsonl:
            var json = JSONObjectWriter()
            json.add("url", record.url)
            json.add("site", record.site)
            json.add("story", record.story)
            json.add("origin", record.isOrigin)
            json.add("parent", record.parentURL)
            json.add("kind", record.kind)
            json.add("published", record.published?.iso8601)
            json.add("fetched", record.fetched?.iso8601)
            json.add("title", record.title)
            json.add("compilation", record.isCompilation)
            json.addRaw("reuses", JSONObjectWriter.array(record.reuses.map(JSONObjectWriter.quoted)))
            return json.result
        case .csv:
            return CSV.row([
                record.url, record.site, record.story.map { String($0) }, record.isOrigin ? "true" : "false",
                record.parentURL, record.kind, record.published?.iso8601, record.fetched?.iso8601, record.title,
                record.isCompilation ? "true" : "false", record.reuses.joined(separator: " "),
            ])
        }
    }
}
