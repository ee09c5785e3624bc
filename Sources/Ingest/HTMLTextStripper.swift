/// Turns an HTML page into an article the simple way: drops tags, scripts and styles, makes block
/// elements paragraph breaks and decodes entities. No main-content detection.
public struct TagStrippingHTMLDecoder: HTMLArticleDecoder {
    public init() {}

    public func article(fromHTML html: [UInt8], page: PageInfo) throws -> Article {
        let text = String(decoding: html, as: UTF8.self)
        let (title, paragraphs) = Self.strip(text)
        guard !paragraphs.isEmpty else {
            throw IngestProblem("no-text", "the HTML page has no text", at: page.location)
        }
        return Article(
            url: page.url,
            site: page.site,
            title: page.title ?? title,
            byline: page.byline,
            paragraphs: paragraphs,
            published: page.published,
            fetched: page.fetched,
            location: page.location
        )
    }

    static let blockTags: Set<String> = [
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "table",
        "section", "article", "header", "footer", "blockquote", "pre", "hr", "title", "main", "aside", "nav",
    ]

    /// Returns the `<title>` text and the paragraphs of visible text.
    static func strip(_ html: String) -> (String?, [String]) {
        var paragraphs: [String] = []
        var current = ""
        var title: String?
        var index = html.startIndex
        var skipUntil: String?
        var inTitle = false
        func flush() {
            let cleaned = HTMLEntities.decode(current).split(whereSeparator: \.isWhitespace).joined(separator: " ")
            if inTitle {
                title = cleaned.isEmpty ? nil : cleaned
            } else if !cleaned.isEmpty {
                paragraphs.append(cleaned)
            }
            current = ""
        }
        while index < html.endIndex {
            if html[index] == "<" {
                guard let close = html[index...].firstIndex(of: ">") else { break }
                let tag = html[html.index(after: index)..<close]
                let isEnd = tag.hasPrefix("/")
                let name = tag.drop(while: { $0 == "/" || $0 == "!" })
                    .prefix(while: { $0.isLetter || $0.isNumber }).lowercased()
                if let skip = skipUntil {
                    if isEnd && name == skip { skipUntil = nil }
                } else if !isEnd && (name == "script" || name == "style" || name == "noscript") {
                    skipUntil = name
                } else if name == "title" {
                    flush()
                    inTitle = !isEnd
                } else if blockTags.contains(name) {
                    flush()
                }
                index = html.index(after: close)
                continue
            }
            if skipUntil == nil { current.append(html[index]) }
            index = html.index(after: index)
        }
        flush()
        return (title, paragraphs)
    }
}

/// Decoding of HTML character references.
public enum HTMLEntities {
    static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "mdash": "\u{2014}",
        "ndash": "\u{2013}", "lsquo": "\u{2018}", "rsquo": "\u{2019}", "ldquo": "\u{201C}", "rdquo": "\u{201D}",
        "hellip": "\u{2026}", "copy": "\u{A9}", "reg": "\u{AE}", "trade": "\u{2122}", "middot": "\u{B7}",
        "bull": "\u{2022}", "laquo": "\u{AB}", "raquo": "\u{BB}", "eacute": "\u{E9}", "egrave": "\u{E8}",
        "aacute": "\u{E1}", "agrave": "\u{E0}", "ouml": "\u{F6}", "uuml": "\u{FC}", "auml": "\u{E4}",
        "szlig": "\u{DF}", "ccedil": "\u{E7}", "ntilde": "\u{F1}", "iacute": "\u{ED}", "oacute": "\u{F3}",
        "uacute": "\u{FA}", "euro": "\u{20AC}", "pound": "\u{A3}", "deg": "\u{B0}", "shy": "\u{AD}",
    ]

    /// Replaces `&name;`, `&#NNN;` and `&#xHH;` references; unknown ones stay as they are.
    public static func decode(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "&")) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var index = text.startIndex
        while index < text.endIndex {
            let c = text[index]
            guard c == "&", let semicolon = text[index...].prefix(12).firstIndex(of: ";") else {
                out.append(c)
                index = text.index(after: index)
                continue
            }
            let body = text[text.index(after: index)..<semicolon]
            var replacement: String?
            if body.hasPrefix("#x") || body.hasPrefix("#X") {
                if let value = UInt32(body.dropFirst(2), radix: 16) { replacement = scalarString(value) }
            } else if body.hasPrefix("#") {
                if let value = UInt32(body.dropFirst()) { replacement = scalarString(value) }
            } else {
                replacement = named[String(body)]
            }
            if let replacement {
                out += replacement
                index = text.index(after: semicolon)
            } else {
                out.append(c)
                index = text.index(after: index)
            }
        }
        return out
    }

    static func scalarString(_ value: UInt32) -> String {
        // Windows-1252 code points that pages wrongly write as numeric references.
        let cp1252: [UInt32: UInt32] = [
            0x91: 0x2018, 0x92: 0x2019, 0x93: 0x201C, 0x94: 0x201D, 0x96: 0x2013, 0x97: 0x2014, 0x85: 0x2026,
        ]
        let mapped = cp1252[value] ?? value
        guard mapped != 0, let scalar = Unicode.Scalar(mapped) else { return "\u{FFFD}" }
        return String(Character(scalar))
    }
}
