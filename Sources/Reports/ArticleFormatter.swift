import WiretraceIngest

/// Renders an extracted article for `wiretrace extract`.
public enum ArticleFormatter {
    public static func json(_ article: Article) -> String {
        var json = JSONObjectWriter()
        json.add("url", article.url)
        json.add("site", article.site)
        json.add("title", article.title)
        json.add("byline", article.byline)
        json.add("published", article.published?.iso8601)
        json.add("fetched", article.fetched?.iso8601)
        json.add("canonical", article.canonicalURL)
        json.add("site_name", article.siteName)
        json.add("dateline", article.dateline)
        json.addRaw("credit_lines", JSONObjectWriter.array(article.creditLines.map(JSONObjectWriter.quoted)))
        json.addRaw("paragraphs", JSONObjectWriter.array(article.paragraphs.map(JSONObjectWriter.quoted)))
        json.add("body", article.text)
        return json.result
    }

    public static func text(_ article: Article) -> String {
        var lines: [String] = []
        lines.append("url:        \(TerminalText.cell(article.url))")
        lines.append("site:       \(article.site)" + (article.siteName.map { " (\($0))" } ?? ""))
        if let title = article.title { lines.append("title:      \(TerminalText.cell(title))") }
        if let byline = article.byline { lines.append("byline:     \(TerminalText.cell(byline))") }
        if let published = article.published { lines.append("published:  \(published.iso8601)") }
        if let canonical = article.canonicalURL { lines.append("canonical:  \(canonical)") }
        if let dateline = article.dateline { lines.append("dateline:   \(dateline)") }
        for credit in article.creditLines { lines.append("credit:     \(credit)") }
        lines.append("paragraphs: \(article.paragraphs.count)")
        lines.append("")
        lines.append(article.text)
        lines.append("")
        return TerminalText.safe(lines.joined(separator: "\n"))
    }
}
