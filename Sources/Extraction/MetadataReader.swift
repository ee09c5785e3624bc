import Foundation
import WiretraceIngest

/// Title, byline, publication time, canonical URL and site name from a page's metadata, in order of
/// reliability: Open Graph and article meta tags, JSON-LD, `<time>` elements, then visible text.
struct MetadataReader {
    var title: String?
    var byline: String?
    var published: Timestamp?
    var canonicalURL: String?
    var siteName: String?

    init(raw: RawMetadata, pageURL: String) {
        let meta = raw.meta
        let jsonLD = JSONLDFacts(raw.jsonLD)
        siteName = Self.clean(meta["og:site_name"] ?? meta["application-name"] ?? jsonLD.publisher)
        title =
            Self.clean(meta["og:title"] ?? meta["twitter:title"] ?? jsonLD.headline)
            ?? raw.headings.first.flatMap(Self.clean)
            ?? raw.title.map { Self.strippingSiteName($0, siteName: siteName) }
        byline =
            Self.clean(raw.bylines.first.map(Self.tidyByline))
            ?? Self.clean(meta["author"] ?? meta["article:author"] ?? meta["byl"] ?? meta["dc.creator"])
            ?? jsonLD.author
        let candidates: [String?] = [
            meta["article:published_time"], meta["og:published_time"], meta["published_time"],
            meta["datepublished"], meta["pubdate"], meta["publishdate"], meta["publish-date"], meta["date"],
            meta["dc.date"], meta["dc.date.issued"], meta["dcterms.created"], meta["sailthru.date"],
            meta["parsely-pub-date"], jsonLD.datePublished, raw.datetimes.first,
        ]
        published =
            candidates.lazy.compactMap { $0 }.compactMap(DateText.parse).first
            ?? raw.visibleDates.lazy.compactMap(DateText.parse).first
        canonicalURL = raw.canonical.flatMap { Self.resolve($0.trimmingCharacters(in: " \t\n"), against: pageURL) }
    }

    static func clean(_ text: String?) -> String? {
        guard let text else { return nil }
        let collapsed = text.collapsingWhitespace()
        return collapsed.isEmpty ? nil : collapsed
    }

    /// "By Jane Doe, Reuters on" → "By Jane Doe, Reuters".
    static func tidyByline(_ text: String) -> String {
        var result = text.collapsingWhitespace()
        for suffix in [" on", " |", " -", ","] where result.hasSuffix(suffix) { result.removeLast(suffix.count) }
        return result
    }

    /// "Bridge vote delayed | The Riverton Herald" → "Bridge vote delayed".
    static func strippingSiteName(_ title: String, siteName: String?) -> String {
        let separators = [" | ", " – ", " — ", " - ", " :: ", " « ", " » ", " · "]
        for separator in separators where title.contains(separator) {
            let parts = title.components(separatedBy: separator)
            if let siteName, let last = parts.last, siteName.lowercased().contains(last.lowercased().trimmed) {
                return parts.dropLast().joined(separator: separator).trimmed
            }
            if let first = parts.first, first.count >= 15 { return first.trimmed }
        }
        return title.trimmed
    }

    /// Resolves a canonical link against the page URL (RFC 3986); nil unless it is an http(s) address.
    static func resolve(_ reference: String, against base: String) -> String? {
        URLNormalizer.resolve(reference, against: base)
    }
}

/// The facts wiretrace reads from JSON-LD blocks, found by scanning for their keys (JSON-LD in the wild
/// is often invalid JSON, so a strict parser would lose them).
struct JSONLDFacts {
    var headline: String?
    var datePublished: String?
    var author: String?
    var publisher: String?

    init(_ blocks: [String]) {
        for block in blocks {
            headline = headline ?? Self.string(after: "\"headline\"", in: block)
            datePublished = datePublished ?? Self.string(after: "\"datePublished\"", in: block)
            if author == nil, let range = ByteSearch.firstRange(of: "\"author\"", in: block) {
                let rest = String(block[range.upperBound...].prefix(400))
                author = Self.string(after: "\"name\"", in: rest) ?? Self.string(after: ":", in: rest, direct: true)
            }
            if publisher == nil, let range = ByteSearch.firstRange(of: "\"publisher\"", in: block) {
                publisher = Self.string(after: "\"name\"", in: String(block[range.upperBound...].prefix(400)))
            }
        }
    }

    /// The string value following `key` and a colon.
    static func string(after key: String, in text: String, direct: Bool = false) -> String? {
        guard let range = ByteSearch.firstRange(of: key, in: text) else { return nil }
        var index = range.upperBound
        if !direct {
            while index < text.endIndex, text[index] == " " || text[index] == "\n" { index = text.index(after: index) }
            guard index < text.endIndex, text[index] == ":" else { return nil }
            index = text.index(after: index)
        }
        while index < text.endIndex, text[index] == " " || text[index] == "\n" || text[index] == "\t" {
            index = text.index(after: index)
        }
        guard index < text.endIndex, text[index] == "\"" else { return nil }
        index = text.index(after: index)
        var value = ""
        var escaped = false
        while index < text.endIndex {
            let character = text[index]
            if escaped {
                switch character {
                case "n": value.append(" ")
                case "t": value.append(" ")
                default: value.append(character)
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                break
            } else {
                value.append(character)
            }
            index = text.index(after: index)
        }
        let cleaned = value.collapsingWhitespace()
        return cleaned.isEmpty ? nil : cleaned
    }
}
