/// One article as it comes in, before fingerprinting: the fields every input format maps to.
public struct Article: Sendable, Equatable {
    /// Address of the page, as given by the input.
    public var url: String {
        didSet { urlKey = URLNormalizer.key(url) }
    }
    /// The normalised address (``URLNormalizer/key(_:suffixes:)``) by which variants of the page are one
    /// document: worked out once, where the article is decoded, not again by the single writer.
    public private(set) var urlKey: String
    /// Site the page belongs to (registrable domain), derived from the URL unless the input names it.
    public var site: String
    /// Headline.
    public var title: String?
    /// Byline as printed ("By Jane Doe, Associated Press").
    public var byline: String?
    /// Body paragraphs, in order, without empty ones.
    public var paragraphs: [String] {
        didSet { creditLinesDetected.value = false }
    }
    /// Publication time claimed by the page.
    public var published: Timestamp?
    /// Time the page was fetched (crawl time).
    public var fetched: Timestamp?
    /// Where the article was read from, for messages ("archive.jsonl:12").
    public var location: SourceLocation
    /// Canonical address the page names (`<link rel=canonical>`), possibly on another site.
    public var canonicalURL: String?
    /// Site name the page gives itself (`og:site_name`).
    public var siteName: String?
    /// Dateline opening the body ("LONDON (Reuters) -").
    public var dateline: String?
    /// Credit lines as printed ("©2025 Bloomberg L.P. … Distributed by Tribune Content Agency, LLC.").
    public var creditLines: [String] = [] {
        didSet { creditLinesDetected.value = false }
    }
    /// True while ``creditLines`` are exactly the paragraphs ``CreditLines/isCredit(_:)`` accepts (as
    /// ``detectCredits()`` finds them), so that ``matchingParagraphs`` need not test every paragraph again.
    /// A cache, not part of what the article is: equal articles may differ in it.
    var creditLinesDetected = UnequatedFlag()

    public init(
        url: String,
        site: String? = nil,
        title: String? = nil,
        byline: String? = nil,
        paragraphs: [String],
        published: Timestamp? = nil,
        fetched: Timestamp? = nil,
        location: SourceLocation = .unknown
    ) {
        self.url = url
        self.urlKey = URLNormalizer.key(url)
        self.site = site ?? SiteName.site(ofURL: url)
        self.title = title
        self.byline = byline
        self.paragraphs = paragraphs
        self.published = published
        self.fetched = fetched
        self.location = location
    }

    /// The body as stored: paragraphs separated by blank lines.
    public var text: String { paragraphs.joined(separator: "\n\n") }

    /// Number of UTF-8 bytes in the body.
    public var byteCount: Int { paragraphs.reduce(0) { $0 + $1.utf8.count } }

    /// Splits text into paragraphs: at blank lines when there are any, otherwise at line breaks — unless
    /// the text is wrapped at a fixed width (``isHardWrapped(_:)``), whose lines are joined back into
    /// paragraphs (``unwrappedParagraphs(_:)``). White space inside a paragraph is left as is; empty
    /// paragraphs are dropped.
    /// - Complexity: O(*n*) in the text's UTF-8 length; lines are found and told blank byte by byte.
    public static func paragraphs(of text: String) -> [String] {
        let lines = lines(of: text)
        let blank = lines.map(isBlank)
        let hasBlankLine = blank.contains(true)
        if !hasBlankLine && isHardWrapped(lines) { return unwrappedParagraphs(lines) }
        var paragraphs: [String] = []
        var current: [Substring] = []
        func flush() {
            let joined = current.map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }.joined(separator: " ")
            if !joined.isEmpty { paragraphs.append(joined) }
            current.removeAll(keepingCapacity: true)
        }
        for (line, isBlank) in zip(lines, blank) {
            if isBlank {
                flush()
            } else if hasBlankLine {
                current.append(line)
            } else {
                current.append(line)
                flush()
            }
        }
        flush()
        return paragraphs
    }

    /// The lines of `text`, split at LF and CR LF (as splitting its characters at "\n" and "\r\n" would:
    /// a line feed is always a character of its own, and a carriage return before it is part of it), empty
    /// ones included.
    static func lines(of text: String) -> [Substring] {
        let utf8 = text.utf8
        var lines: [Substring] = []
        var start = utf8.startIndex
        var index = start
        while let newline = utf8[index...].firstIndex(of: 0x0A) {
            var end = newline
            if end > start, utf8[utf8.index(before: end)] == 0x0D { end = utf8.index(before: end) }
            lines.append(text[start..<end])
            index = utf8.index(after: newline)
            start = index
        }
        lines.append(text[start...])
        return lines
    }

    /// True when every character of `line` is white space (`Character.isWhitespace`), told from its bytes
    /// where they decide: an ASCII byte other than white space starts a character that is not (no white
    /// space character extends another), and ASCII white space alone is blank.
    static func isBlank(_ line: Substring) -> Bool {
        var asciiOnly = true
        for byte in line.utf8 {
            if byte >= 0x80 {
                asciiOnly = false
            } else if !(byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)) {
                return false
            }
        }
        return asciiOnly || line.allSatisfy(\.isWhitespace)
    }
}

/// Where a record came from: a file (or "-" for standard input) and a line or byte offset.
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var line: Int?
    public var offset: Int?

    public init(path: String, line: Int? = nil, offset: Int? = nil) {
        self.path = path
        self.line = line
        self.offset = offset
    }

    public static let unknown = SourceLocation(path: "?")

    public var description: String {
        if let line { return "\(path):\(line)" }
        if let offset { return "\(path)@\(offset)" }
        return path
    }
}

extension Substring {
    func trimmingWhitespace() -> Substring {
        var slice = self[...]
        while let first = slice.first, first.isWhitespace { slice = slice.dropFirst() }
        while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
        return slice
    }
}

extension String {
    /// The string without leading and trailing white space.
    public var trimmed: String { String(self[...].trimmingWhitespace()) }
}

/// A Boolean that takes no part in its owner's equality (a cache of something the owner holds anyway).
struct UnequatedFlag: Sendable, Equatable {
    var value = false

    static func == (_: Self, _: Self) -> Bool { true }
}

extension Article {
    /// The article with every NUL character of its fields replaced by U+FFFD (see
    /// ``InputReader/decode(_:)``). Articles without one are returned as they are.
    /// - Complexity: O(*n*) in the UTF-8 length of the fields; no copy when there is no NUL.
    public func replacingNUL() -> Article {
        func hasNUL(_ text: String?) -> Bool { text?.utf8.contains(0) ?? false }
        let fields = [url, site, title, byline, canonicalURL, siteName, dateline]
        guard
            fields.contains(where: hasNUL) || paragraphs.contains(where: hasNUL) || creditLines.contains(where: hasNUL)
        else { return self }
        func clean(_ text: String) -> String {
            guard text.utf8.contains(0) else { return text }
            return String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\0" ? "\u{FFFD}" : $0 }))
        }
        var article = self
        article.url = clean(url)
        article.site = clean(site)
        article.title = title.map(clean)
        article.byline = byline.map(clean)
        article.canonicalURL = canonicalURL.map(clean)
        article.siteName = siteName.map(clean)
        article.dateline = dateline.map(clean)
        article.paragraphs = paragraphs.map(clean)
        article.creditLines = creditLines.map(clean)
        return article
    }
}
